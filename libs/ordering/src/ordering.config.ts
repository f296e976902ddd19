import { registerAs } from '@nestjs/config';
import type { Channel } from '@ituna/contracts';
import { delayFromEnv } from '@ituna/runtime';
import { ORDERING_CHANNELS } from './ordering-channels';

export const ORDERING_CONFIG = 'ordering';

export interface OrderingConfig {
  /** The simulated placing work before an order is written (ITUNA_DELAY_<CHANNEL>_MS). */
  placingDelayMs: number;
}

/** `ConfigService.get<OrderingConfig>('ordering')`, checked at start-up: a bad value stops the service, naming it. */
export const orderingConfig = (channel: Channel) =>
  registerAs(ORDERING_CONFIG, (): OrderingConfig => ({
    placingDelayMs: delayFromEnv(ORDERING_CHANNELS[channel].placingDelay),
  }));
