import { registerAs } from '@nestjs/config';
import { parseEnv } from '@ituna/contracts';
import { simulatedDelayMs } from '@ituna/runtime';
import { ValidationEnvSchema } from './validation-env.schema';

export const VALIDATION_CONFIG = 'validation';

export interface ValidationConfig {
  /** Simulated work of each step, in ms (defaults from the original proof of concept). */
  delays: { address: number; name: number; inventory: number; republish: number };
  /** Customer ids the name check refuses. */
  blockedCustomers: readonly string[];
}

/** `ConfigService.get<ValidationConfig>('validation')`, from the environment ValidationEnvSchema checked. */
export const validationConfig = registerAs(VALIDATION_CONFIG, (): ValidationConfig => {
  const vars = parseEnv(ValidationEnvSchema, process.env);
  const delay = (value: number | undefined, defaultMs: number) =>
    simulatedDelayMs(value, vars.ITUNA_ZERO_DELAYS, defaultMs);
  return {
    delays: {
      address: delay(vars.ITUNA_DELAY_ADDRESS_MS, 70),
      name: delay(vars.ITUNA_DELAY_NAME_MS, 50),
      inventory: delay(vars.ITUNA_DELAY_INVENTORY_MS, 120),
      republish: delay(vars.ITUNA_DELAY_REPUBLISH_MS, 100),
    },
    blockedCustomers: (vars.ITUNA_BLOCKED_CUSTOMERS ?? '')
      .split(',')
      .map((id) => id.trim())
      .filter(Boolean),
  };
});
