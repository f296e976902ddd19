/**
 * ITuna's five services: each is its own Nest app, its OpenTelemetry `service.name` and the prefix
 * of its consumer group, with the HTTP port it listens on unless `PORT` says otherwise.
 */
export const SERVICE_PORTS = {
  /** Online orders, delivered to an address. */
  'website-ordering': 3001,
  /** Orders taken in the restaurant, served at a table. */
  'onsite-ordering': 3002,
  /** Management's orders, straight to the kitchen (no validation). */
  'direct-kitchen-ordering': 3003,
  /** Address, name and inventory checks between ordering and the kitchen. */
  'order-validation': 3004,
  /** Cuts the fish, plates it and announces the order ready. */
  'kitchen-service': 3005,
} as const;

export type ServiceName = keyof typeof SERVICE_PORTS;

/** The services in the order an order meets them (ordering first, the kitchen last). */
export const SERVICE_NAMES = Object.keys(SERVICE_PORTS) as ServiceName[];

/** The ordering services, which take `POST /orders`, and the channel each takes orders on. */
export const CHANNEL_SERVICES = {
  website: 'website-ordering',
  onsite: 'onsite-ordering',
  direct: 'direct-kitchen-ordering',
} as const satisfies Record<string, ServiceName>;

/** The insights page (`apps/insights`): traces read back from Jaeger, not a pipeline service. */
export const INSIGHTS_PORT = 3006;

/** How far apart the HTTP ports of one service's instances are: instance k listens on its port + 100·(k−1). */
export const INSTANCE_PORT_STEP = 100;

/** The HTTP port of instance `instance` (1-based) of a service: the first on the service's own port. */
export function instancePort(service: ServiceName, instance: number): number {
  return SERVICE_PORTS[service] + INSTANCE_PORT_STEP * (instance - 1);
}

/** The `service.instance.id` the launcher and the e2e fleet give instance `instance` of a service. */
export function instanceId(service: ServiceName, instance: number): string {
  return `${service}-${instance}`;
}
