import { z } from 'zod';
import { envMilliseconds, envOptional } from '@ituna/contracts';
import { ServiceEnvSchema } from '@ituna/runtime';

/** order-validation's environment: the common variables, the blocked list and the steps' simulated work. */
export const ValidationEnvSchema = z.object({
  ...ServiceEnvSchema.shape,
  /** Customer ids the name check refuses, comma-separated. */
  ITUNA_BLOCKED_CUSTOMERS: envOptional(z.string()),
  ITUNA_DELAY_ADDRESS_MS: envOptional(envMilliseconds()),
  ITUNA_DELAY_NAME_MS: envOptional(envMilliseconds()),
  ITUNA_DELAY_INVENTORY_MS: envOptional(envMilliseconds()),
  ITUNA_DELAY_REPUBLISH_MS: envOptional(envMilliseconds()),
});
