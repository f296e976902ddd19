import { z } from 'zod';
import { envMilliseconds, envOptional, envWholeNumber } from '@ituna/contracts';
import { ServiceEnvSchema } from '@ituna/runtime';

/** kitchen-service's environment: the common variables, the ledger's size and the cooking work. */
export const KitchenEnvSchema = z.object({
  ...ServiceEnvSchema.shape,
  /** Orders this process remembers having cooked, so that one handled again is not cooked twice. */
  ITUNA_KITCHEN_LEDGER_SIZE: envOptional(envWholeNumber(1), {
    default: '`100000`',
    description: 'orders the kitchen remembers, so that one handled again is not cooked twice (oldest forgotten first)',
  }),
  ITUNA_DELAY_KITCHEN_MS: envOptional(envMilliseconds(), {
    default: '`140`',
    description: 'the simulated cooking work (half cutting, half plating)',
  }),
});
