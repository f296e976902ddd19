import type { ServiceName } from '@ituna/contracts';

/** The Nx project name, the OpenTelemetry service.name and the Kafka client/group id. */
export const SERVICE_NAME = 'order-validation' satisfies ServiceName;
