import { z } from 'zod';
import { envMilliseconds, envOptional, envWholeNumber } from '@ituna/contracts';
import { ServiceEnvSchema } from '@ituna/runtime';

/** The ordering services' environment: the common variables, the simulator and each channel's placing work. */
export const OrderingEnvSchema = z.object({
  ...ServiceEnvSchema.shape,
  /** Pause between simulated orders; 0 turns the simulator off. */
  ITUNA_SIMULATOR_INTERVAL_MS: envOptional(envWholeNumber(0), {
    default: '`5000`',
    description: 'the pause between simulated orders; `0` turns the simulator off',
  }),
  ITUNA_DELAY_WEBSITE_MS: envOptional(envMilliseconds(), {
    default: '`2000`',
    description: "website-ordering's simulated placing work",
  }),
  ITUNA_DELAY_ONSITE_MS: envOptional(envMilliseconds(), {
    default: '`3000`',
    description: "onsite-ordering's simulated placing work",
  }),
  ITUNA_DELAY_DIRECT_MS: envOptional(envMilliseconds(), {
    default: '`4000`',
    description: "direct-kitchen-ordering's simulated placing work",
  }),
});

/** The variable that sets a channel's placing work. */
export type PlacingDelayVariable = 'ITUNA_DELAY_WEBSITE_MS' | 'ITUNA_DELAY_ONSITE_MS' | 'ITUNA_DELAY_DIRECT_MS';
