/** Simulated work per step of validation and the kitchen, in ms (the ordering channels' own are in libs/ordering). */
export interface Delays {
  address: number;
  name: number;
  inventory: number;
  republish: number;
  kitchen: number;
}

/** Defaults from the original proof of concept. */
export const DEFAULT_DELAYS: Delays = {
  address: 70,
  name: 50,
  inventory: 120,
  republish: 100,
  kitchen: 140,
};

const ENV_NAMES: Record<keyof Delays, string> = {
  address: 'ITUNA_DELAY_ADDRESS_MS',
  name: 'ITUNA_DELAY_NAME_MS',
  inventory: 'ITUNA_DELAY_INVENTORY_MS',
  republish: 'ITUNA_DELAY_REPUBLISH_MS',
  kitchen: 'ITUNA_DELAY_KITCHEN_MS',
};

/**
 * Delays from the environment: ITUNA_ZERO_DELAYS=true sets every step to 0 (tests, benchmarks),
 * then ITUNA_DELAY_<STEP>_MS overrides one step.
 */
export function delaysFromEnv(env: NodeJS.ProcessEnv = process.env): Delays {
  const out = {} as Delays;
  for (const key of Object.keys(DEFAULT_DELAYS) as (keyof Delays)[]) {
    out[key] = delayFromEnv({ env: ENV_NAMES[key], defaultMs: DEFAULT_DELAYS[key] }, env);
  }
  return out;
}

/** One step's simulated work: its variable and its default. */
export interface DelaySetting {
  env: string;
  defaultMs: number;
}

/** One step's delay: its variable if set, else 0 under ITUNA_ZERO_DELAYS=true, else its default. */
export function delayFromEnv({ env: name, defaultMs }: DelaySetting, env: NodeJS.ProcessEnv = process.env): number {
  const raw = env[name];
  const zero = /^true$/i.test(env.ITUNA_ZERO_DELAYS ?? '');
  const value = raw === undefined || raw === '' ? (zero ? 0 : defaultMs) : Number(raw);
  if (!Number.isFinite(value) || value < 0)
    throw new Error(`${name} must be a number of milliseconds >= 0 (got "${raw}")`);
  return value;
}

/**
 * Waits at least ms milliseconds by the monotonic clock spans are measured with: a timer may fire
 * a fraction of a millisecond early, and a step must never look shorter than its configured work.
 */
export async function sleep(ms: number): Promise<void> {
  const until = performance.now() + ms;
  for (let left = ms; left > 0; left = until - performance.now()) {
    await new Promise((r) => setTimeout(r, Math.ceil(left)));
  }
}
