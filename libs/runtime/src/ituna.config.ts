import { registerAs } from '@nestjs/config';
import { SERVICE_PORTS, ServiceName } from '@ituna/contracts';
import { Delays, delaysFromEnv } from './delays';
import { LOG_LEVELS, parseItunaEnv } from './ituna-env.schema';

export interface ItunaConfig {
  port: number;
  host: string;
  delays: Delays;
  /** Pause between simulated orders; 0 turns the simulator off. */
  simulatorIntervalMs: number;
  /** Largest accepted HTTP body. */
  bodyLimit: string;
  log: { level: (typeof LOG_LEVELS)[number]; format?: 'json' | 'pretty' };
  /** Customer ids order-validation's name check refuses. */
  blockedCustomers: readonly string[];
  /** Orders the kitchen remembers, so that a redelivered one is not cooked twice. */
  kitchenLedgerSize: number;
  /** Faults to inject (ITUNA_FAULTS, already checked) and a file to take them from (ITUNA_FAULTS_FILE). */
  faults: { inline?: string; file?: string };
}

/** The service's configuration from the environment, checked (ItunaEnvSchema); a bad value throws, naming it. */
export function loadItunaConfig(serviceName: ServiceName, env: NodeJS.ProcessEnv = process.env): ItunaConfig {
  const vars = parseItunaEnv(env);
  return {
    port: vars.PORT ?? SERVICE_PORTS[serviceName],
    host: vars.HOST ?? '0.0.0.0',
    delays: delaysFromEnv(env),
    simulatorIntervalMs: vars.ITUNA_SIMULATOR_INTERVAL_MS ?? 5000,
    bodyLimit: vars.ITUNA_BODY_LIMIT ?? '64kb',
    log: { level: vars.LOG_LEVEL ?? 'info', format: vars.LOG_FORMAT },
    blockedCustomers: (vars.ITUNA_BLOCKED_CUSTOMERS ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean),
    kitchenLedgerSize: vars.ITUNA_KITCHEN_LEDGER_SIZE ?? 100_000,
    faults: { inline: vars.ITUNA_FAULTS, file: vars.ITUNA_FAULTS_FILE },
  };
}

export const ITUNA_CONFIG = 'ituna';

/** `ConfigService.get<ItunaConfig>('ituna')`, validated once at start-up. */
export const itunaConfig = (serviceName: ServiceName) => registerAs(ITUNA_CONFIG, () => loadItunaConfig(serviceName));
