import { registerAs } from '@nestjs/config';
import { Delays, delaysFromEnv } from './delays';

export interface ItunaConfig {
  port: number;
  host: string;
  delays: Delays;
  /** Pause between simulated orders; 0 turns the simulator off. */
  simulatorIntervalMs: number;
  /** Largest accepted HTTP body. */
  bodyLimit: string;
}

export const DEFAULT_PORTS: Record<string, number> = {
  'website-ordering': 3001,
  'onsite-ordering': 3002,
  'direct-kitchen-ordering': 3003,
  'order-validation': 3004,
  'kitchen-service': 3005,
};

function nonNegativeInt(name: string, fallback: number, env: NodeJS.ProcessEnv): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 0) throw new Error(`${name} must be a whole number >= 0 (got "${raw}")`);
  return value;
}

export function loadItunaConfig(serviceName: string, env: NodeJS.ProcessEnv = process.env): ItunaConfig {
  return {
    port: nonNegativeInt('PORT', DEFAULT_PORTS[serviceName] ?? 3000, env),
    host: env.HOST ?? '0.0.0.0',
    delays: delaysFromEnv(env),
    simulatorIntervalMs: nonNegativeInt('ITUNA_SIMULATOR_INTERVAL_MS', 5000, env),
    bodyLimit: env.ITUNA_BODY_LIMIT ?? '64kb',
  };
}

export const ITUNA_CONFIG = 'ituna';

/** `ConfigService.get<ItunaConfig>('ituna')`, validated once at start-up. */
export const itunaConfig = (serviceName: string) => registerAs(ITUNA_CONFIG, () => loadItunaConfig(serviceName));
