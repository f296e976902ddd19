// Toxiproxy (Shopify's TCP proxy for faults) built from its Go module, pinned by
// tools/stack/toxiproxy/go.mod and go.sum, for the tests that cut, slow or reset the network
// between one service and the brokers.
import { join } from 'node:path';
import * as paths from './paths';
import { ensureGoBinary } from './go-binary';
import { spawnDetached } from './processes';
import { httpOk, waitFor } from './probes';

export const TOXIPROXY_MODULE_VERSION = 'v2.12.0';

/** The toxiproxy-server binary; built with go the first time (about half a minute), then taken from the cache. */
export function ensureToxiproxyBinary(): Promise<string> {
  return ensureGoBinary({
    name: 'toxiproxy',
    version: TOXIPROXY_MODULE_VERSION,
    moduleDir: paths.toxiproxyModuleDir,
    pkg: 'github.com/Shopify/toxiproxy/v2/cmd/server',
  });
}

/** Starts toxiproxy-server with its API on 127.0.0.1:`port`, logging in `dir`; resolves with its PID once the API answers. */
export async function startToxiproxy({ port, dir }: { port: number; dir: string }): Promise<number | undefined> {
  const binary = await ensureToxiproxyBinary();
  const pid = spawnDetached(binary, ['-host', '127.0.0.1', '-port', String(port)], {
    cwd: paths.repoRoot,
    env: process.env,
    logFile: join(dir, 'toxiproxy.log'),
    pidFile: join(dir, 'toxiproxy.pid'),
  });
  if (!(await waitFor(() => httpOk(`http://127.0.0.1:${port}/version`), { timeoutMs: 30_000 })))
    throw new Error(`toxiproxy did not answer on port ${port}; see ${join(dir, 'toxiproxy.log')}`);
  return pid;
}
