// An ES module app's first file, loaded with `node --import ./dist/instrumentation-esm.js dist/main.js`:
// the loader hook goes in before main.js's imports are loaded, so pino's log correlation sees them.
import { registerEsmHooks, startTracing } from '@ituna/tracing';

registerEsmHooks();
startTracing({ serviceName: 'outside-app' });
