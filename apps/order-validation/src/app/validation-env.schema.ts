import { z } from 'zod';
import { envMilliseconds, envOptional } from '@ituna/contracts';
import { ServiceEnvSchema } from '@ituna/runtime';

/** order-validation's environment: the common variables, the blocked list and the steps' simulated work. */
export const ValidationEnvSchema = z.object({
  ...ServiceEnvSchema.shape,
  /** Customer ids the name check refuses, comma-separated. */
  ITUNA_BLOCKED_CUSTOMERS: envOptional(z.string(), {
    default: '',
    description: 'customer ids the name check refuses, comma-separated',
  }),
  ITUNA_DELAY_ADDRESS_MS: envOptional(envMilliseconds(), {
    default: '`70`',
    description: "the address check's simulated work",
  }),
  ITUNA_DELAY_NAME_MS: envOptional(envMilliseconds(), {
    default: '`50`',
    description: "the name check's simulated work",
  }),
  ITUNA_DELAY_INVENTORY_MS: envOptional(envMilliseconds(), {
    default: '`120`',
    description: "the inventory check's simulated work",
  }),
  ITUNA_DELAY_REPUBLISH_MS: envOptional(envMilliseconds(), {
    default: '`100`',
    description: 'the simulated work before an order is republished for the kitchen',
  }),
});
