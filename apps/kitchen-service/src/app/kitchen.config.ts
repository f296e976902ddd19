import { registerAs } from '@nestjs/config';
import { parseEnv } from '@ituna/contracts';
import { simulatedDelayMs } from '@ituna/runtime';
import { KitchenEnvSchema } from './kitchen-env.schema';

export const KITCHEN_CONFIG = 'kitchen';

export interface KitchenConfig {
  /** Simulated cooking work, half cutting and half plating (default 140 ms, the original's). */
  cookingMs: number;
  /** Orders this process remembers having cooked (a hint: see KitchenLedger). */
  ledgerSize: number;
}

/** `ConfigService.get<KitchenConfig>('kitchen')`, from the environment KitchenEnvSchema checked. */
export const kitchenConfig = registerAs(KITCHEN_CONFIG, (): KitchenConfig => {
  const vars = parseEnv(KitchenEnvSchema, process.env);
  return {
    cookingMs: simulatedDelayMs(vars.ITUNA_DELAY_KITCHEN_MS, vars.ITUNA_ZERO_DELAYS, 140),
    ledgerSize: vars.ITUNA_KITCHEN_LEDGER_SIZE ?? 100_000,
  };
});
