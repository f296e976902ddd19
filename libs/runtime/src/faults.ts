/** What can go wrong with one step (keyed by the step's span name, e.g. `validate-inventory`). */
export interface StepFault {
  /** Added to the step's simulated work. */
  extraDelayMs?: number;
  /** Probability (0..1) that the step fails. */
  failRate?: number;
  /** The first n tries of the step fail for each order, then it succeeds (a transient fault). */
  failTimes?: number;
  /** Only these orders are affected; every order when absent. */
  orderIds?: string[];
}

export type Faults = Record<string, StepFault>;

/** A step failed on purpose, so that its effect can be watched in the traces. */
export class InjectedFaultError extends Error {
  constructor(readonly step: string) {
    super(`${step} failed (injected fault)`);
    this.name = 'InjectedFaultError';
  }
}

/** Validates a faults document (JSON text); throws a message naming the bad entry. */
export function parseFaults(text: string | undefined): Faults {
  if (!text || !text.trim()) return {};
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    throw new Error(`faults: not JSON (${(err as Error).message})`, { cause: err });
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc))
    throw new Error('faults: must be an object of { "<step>": { "extraDelayMs"?: n, "failRate"?: 0..1 } }');
  const out: Faults = {};
  for (const [step, fault] of Object.entries(doc as Record<string, StepFault>)) {
    const { extraDelayMs = 0, failRate = 0, failTimes, orderIds, ...rest } = fault ?? {};
    if (Object.keys(rest).length) throw new Error(`faults.${step}: unknown setting ${Object.keys(rest).join(', ')}`);
    if (typeof extraDelayMs !== 'number' || extraDelayMs < 0)
      throw new Error(`faults.${step}.extraDelayMs: must be a number >= 0`);
    if (typeof failRate !== 'number' || failRate < 0 || failRate > 1)
      throw new Error(`faults.${step}.failRate: must be a number from 0 to 1`);
    if (failTimes !== undefined && (!Number.isInteger(failTimes) || failTimes < 0))
      throw new Error(`faults.${step}.failTimes: must be a whole number >= 0`);
    if (orderIds !== undefined && (!Array.isArray(orderIds) || !orderIds.every((id) => typeof id === 'string')))
      throw new Error(`faults.${step}.orderIds: must be a list of order ids`);
    out[step] = {
      extraDelayMs,
      failRate,
      ...(failTimes !== undefined ? { failTimes } : {}),
      ...(orderIds ? { orderIds } : {}),
    };
  }
  return out;
}
