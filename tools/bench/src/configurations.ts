/** The configurations measured side by side, each round in this order. */
export const CONFIGURATIONS = {
  A: { label: 'A five services, traced', kind: 'services', env: {} },
  B: { label: 'B five services, OTEL disabled', kind: 'services', env: { OTEL_SDK_DISABLED: 'true' } },
  C: { label: 'C kafkajs relay, same work', kind: 'relay', env: {} },
  D: { label: 'D as A, at-least-once', kind: 'services', env: { ITUNA_DELIVERY: 'at-least-once' } },
} as const satisfies Record<string, { label: string; kind: 'services' | 'relay'; env: Record<string, string> }>;

export type ConfigurationName = keyof typeof CONFIGURATIONS;

export const CONFIGURATION_NAMES = Object.keys(CONFIGURATIONS) as ConfigurationName[];

/** The HTTP scenario needs an HTTP edge: the services' configurations only. */
export const hasHttpEdge = (name: ConfigurationName): boolean => CONFIGURATIONS[name].kind === 'services';
