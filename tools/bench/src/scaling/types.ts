/** The simulated work per order: the services' defaults (waiting), or none (CPU only). */
export type Delays = 'default' | 'zero';

/** One point of the scaling grid: partitions of each topic, the services' delays, instances of each consuming service. */
export interface ScalingCase {
  partitions: number;
  delays: Delays;
  instances: number;
}

export interface ScalingRun extends ScalingCase {
  round: number;
  orders: number;
  /** From the first write to `ituna-orders` until the last order is on `orders-ready`. */
  seconds: number;
  ordersPerSecond: number;
  /** CPU of the consuming services (all instances) and of the broker, per second of the burst: cores kept busy. */
  serviceCores: number;
  brokerCores: number;
}

export interface ScalingRow extends ScalingCase {
  rounds: number;
  /** The middle round's throughput (rounds are odd by default), and the lowest and highest. */
  ordersPerSecond: { median: number; min: number; max: number };
  /** Median over rounds of this case's throughput over one instance's in the same round and block. */
  speedup: number;
  serviceCores: number;
  brokerCores: number;
}
