// First import of a service's main.ts, before the tracing SDK and NestJS are loaded: Node keeps the
// V8 code of every module it compiles on disk and reuses it at the next start (os.tmpdir()/
// node-compile-cache, or NODE_COMPILE_CACHE; NODE_DISABLE_COMPILE_CACHE=1 turns it off). A module
// whose source changed is compiled again.
import { enableCompileCache } from 'node:module';

enableCompileCache();
