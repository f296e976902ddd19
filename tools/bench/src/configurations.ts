/** One thing measured: what runs, and the environment it runs with. */
export interface Configuration {
  name: string;
  label: string;
  kind: 'services' | 'relay';
  env: Record<string, string>;
}

/** The configurations measured side by side, each round in this order. */
export const CONFIGURATIONS: readonly Configuration[] = [
  { name: 'A', label: 'A five services, traced', kind: 'services', env: {} },
  { name: 'B', label: 'B five services, OTEL disabled', kind: 'services', env: { OTEL_SDK_DISABLED: 'true' } },
  { name: 'C', label: 'C kafkajs relay, same work', kind: 'relay', env: {} },
  { name: 'D', label: 'D as A, at-least-once', kind: 'services', env: { ITUNA_DELIVERY: 'at-least-once' } },
];

/** A `--try` key the bench reads itself: Node flags for the candidate's services (heap sizes, for example). */
export const BENCH_NODE_FLAGS = 'BENCH_NODE_FLAGS';

/**
 * A `--try` key the bench reads itself: the folder of another build of the apps for the candidate's
 * services (`dist` by default), so that a change to the build is measured beside A in the same rounds.
 */
export const BENCH_DIST = 'BENCH_DIST';

/** `--try`'s configuration: A with a candidate change's settings, measured beside A in the same rounds. */
export const CANDIDATE = 'A+';

/** The configurations of a run: those named by `--configs` (all by default), and A+ after them with `--try`. */
export function configurationsFor(
  names: readonly string[] | undefined,
  candidateEnv: Record<string, string> | undefined,
): Configuration[] {
  const chosen = names ? CONFIGURATIONS.filter((c) => names.includes(c.name)) : [...CONFIGURATIONS];
  if (!candidateEnv) return chosen;
  return [...chosen, { name: CANDIDATE, label: 'A+ as A, with --try', kind: 'services', env: candidateEnv }];
}

/**
 * A, B and the candidate: the configurations whose ratios are tracing's cost, measured also at the
 * HTTP edge and under overload. (D differs from A in the consuming hops only, which the Kafka phases
 * show; leaving those phases out of C and D keeps the run shorter.)
 */
export const comparesTracing = (cfg: Configuration): boolean => ['A', 'B', CANDIDATE].includes(cfg.name);

/** The traced configurations (A, D, the candidate): the services count their spans, phase by phase. */
export const countsSpans = (cfg: Configuration): boolean =>
  cfg.kind === 'services' && cfg.env.OTEL_SDK_DISABLED !== 'true';

/** A and the candidate: their spans are looked for in Jaeger, phase by phase. */
export const checksCompleteness = (cfg: Configuration): boolean => cfg.name === 'A' || cfg.name === CANDIDATE;

export const deliveryMode = (cfg: Configuration): 'exactly-once' | 'at-least-once' =>
  cfg.env.ITUNA_DELIVERY === 'at-least-once' ? 'at-least-once' : 'exactly-once';

/** The service whose start-up alone is measured (A, B, A+), before the five start at once. */
export const STARTED_ALONE = 'order-validation';
