import { registerAs } from '@nestjs/config';
import { parseEnv } from '@ituna/contracts';
import type { Channel } from '@ituna/contracts';
import { simulatedDelayMs } from '@ituna/runtime';
import { OrderingEnvSchema } from './ordering-env.schema';
import { ORDERING_CHANNELS } from './ordering-channels';

export const ORDERING_CONFIG = 'ordering';

export interface OrderingConfig {
  /** The simulated placing work before an order is written (ITUNA_DELAY_<CHANNEL>_MS). */
  placingDelayMs: number;
  /** Pause between simulated orders; 0 turns the simulator off (ITUNA_SIMULATOR_INTERVAL_MS). */
  simulatorIntervalMs: number;
}

/** One channel's settings from the environment, checked by OrderingEnvSchema. */
export function loadOrderingConfig(channel: Channel, env: NodeJS.ProcessEnv = process.env): OrderingConfig {
  const vars = parseEnv(OrderingEnvSchema, env);
  const { env: variable, defaultMs } = ORDERING_CHANNELS[channel].placingDelay;
  return {
    placingDelayMs: simulatedDelayMs(vars[variable], vars.ITUNA_ZERO_DELAYS, defaultMs),
    simulatorIntervalMs: vars.ITUNA_SIMULATOR_INTERVAL_MS ?? 5000,
  };
}

/** `ConfigService.get<OrderingConfig>('ordering')`. */
export const orderingConfig = (channel: Channel) => registerAs(ORDERING_CONFIG, () => loadOrderingConfig(channel));
