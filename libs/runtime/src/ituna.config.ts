import { registerAs } from '@nestjs/config';
import { SERVICE_PORTS, ServiceName, parseEnv } from '@ituna/contracts';
import { LOG_LEVELS, ServiceEnvSchema } from './service-env.schema';

/** What every service's runtime reads (its own settings live in its own namespace). */
export interface ItunaConfig {
  port: number;
  host: string;
  /** Largest accepted HTTP body. */
  bodyLimit: string;
  log: { level: (typeof LOG_LEVELS)[number]; format?: 'json' | 'pretty' };
  /** Faults to inject (ITUNA_FAULTS, already checked) and a file to take them from (ITUNA_FAULTS_FILE). */
  faults: { inline?: string; file?: string };
}

/** The common configuration from the environment, checked (ServiceEnvSchema); a bad value throws, naming it. */
export function loadItunaConfig(serviceName: ServiceName, env: NodeJS.ProcessEnv = process.env): ItunaConfig {
  const vars = parseEnv(ServiceEnvSchema, env);
  return {
    port: vars.PORT ?? SERVICE_PORTS[serviceName],
    host: vars.HOST ?? '0.0.0.0',
    bodyLimit: vars.ITUNA_BODY_LIMIT ?? '64kb',
    log: { level: vars.LOG_LEVEL ?? 'info', format: vars.LOG_FORMAT },
    faults: { inline: vars.ITUNA_FAULTS, file: vars.ITUNA_FAULTS_FILE },
  };
}

export const ITUNA_CONFIG = 'ituna';

/** `ConfigService.get<ItunaConfig>('ituna')`. */
export const itunaConfig = (serviceName: ServiceName) => registerAs(ITUNA_CONFIG, () => loadItunaConfig(serviceName));
