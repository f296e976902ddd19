import { z } from 'zod';
import { envMilliseconds, envOptional, envWholeNumber } from '@ituna/contracts';
import { ServiceEnvSchema } from '@ituna/runtime';

/** kitchen-service's environment: the common variables, the ledger's size and the cooking work. */
export const KitchenEnvSchema = z.object({
  ...ServiceEnvSchema.shape,
  /** Orders remembered so that a redelivered one is not cooked twice. */
  ITUNA_KITCHEN_LEDGER_SIZE: envOptional(envWholeNumber(1)),
  ITUNA_DELAY_KITCHEN_MS: envOptional(envMilliseconds()),
});
