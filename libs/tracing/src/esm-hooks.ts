import { register } from 'node:module';
import { pathToFileURL } from 'node:url';

let registered = false;

/**
 * For apps that are ES modules: registers OpenTelemetry's loader hook (import-in-the-middle), so
 * the auto-instrumentations also patch what the app loads with `import`, not only what it loads
 * with `require()` (the outside app's test shows it for pino's log correlation). Call it before startTracing() in a
 * file given to `node --import`, so the hook is in place before main.js's imports are loaded.
 * A CommonJS app does not need it. Idempotent.
 */
export function registerEsmHooks(): void {
  if (registered) return;
  // Resolved from this package, which depends on @opentelemetry/instrumentation (the app need not).
  register('@opentelemetry/instrumentation/hook.mjs', pathToFileURL(__filename));
  registered = true;
}
