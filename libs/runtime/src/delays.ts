/**
 * A simulated step's work: its variable when set, else 0 under ITUNA_ZERO_DELAYS=true, else the
 * original proof of concept's default (both variables already checked by the service's schema).
 */
export function simulatedDelayMs(
  value: number | undefined,
  zeroDelays: boolean | undefined,
  defaultMs: number,
): number {
  return value ?? (zeroDelays ? 0 : defaultMs);
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
