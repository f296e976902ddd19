/** Simulated work per step, in ms; defaults from the original proof of concept. */
export interface Delays {
  website: number;
  onsite: number;
  direct: number;
  address: number;
  name: number;
  inventory: number;
  republish: number;
  kitchen: number;
}

export const DEFAULT_DELAYS: Delays = {
  website: 2000,
  onsite: 3000,
  direct: 4000,
  address: 70,
  name: 50,
  inventory: 120,
  republish: 100,
  kitchen: 140,
};

const ENV_NAMES: Record<keyof Delays, string> = {
  website: 'ITUNA_DELAY_WEBSITE_MS',
  onsite: 'ITUNA_DELAY_ONSITE_MS',
  direct: 'ITUNA_DELAY_DIRECT_MS',
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
  const base = /^true$/i.test(env.ITUNA_ZERO_DELAYS ?? '') ? 0 : undefined;
  const out = {} as Delays;
  for (const key of Object.keys(DEFAULT_DELAYS) as (keyof Delays)[]) {
    const raw = env[ENV_NAMES[key]];
    const value = raw === undefined || raw === '' ? (base ?? DEFAULT_DELAYS[key]) : Number(raw);
    if (!Number.isFinite(value) || value < 0) throw new Error(`${ENV_NAMES[key]} must be a number of milliseconds >= 0 (got "${raw}")`);
    out[key] = value;
  }
  return out;
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
