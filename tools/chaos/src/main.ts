// npm run chaos [-- --minutes N --seed S]: the faults Jepsen tries, drawn from a seed, against the
// five services on a cluster of their own, then the checker (tools/testbed/src/chaos).
import { join } from 'node:path';
import { componentsStarted, stackDown, stackUp } from '@ituna/stack';
import { runChaos } from '@ituna/testbed';
import { USAGE, UsageError, parseChaosOptions } from './options';

const root = join(__dirname, '..', '..', '..');

async function main(): Promise<number> {
  if (process.argv.includes('--help')) {
    console.log(USAGE);
    return 0;
  }
  const options = parseChaosOptions(process.argv.slice(2), root);
  // Jaeger is the stack's (the services' traces show what a fault did); Kafka is the run's own cluster.
  const started = componentsStarted(await stackUp(['jaeger']));
  try {
    let ok = true;
    for (const instances of options.instances) {
      const report = await runChaos({
        seed: options.seed,
        durationMs: Math.round((options.minutes * 60_000) / options.instances.length),
        instances,
        rate: options.rate,
        out: options.out(instances),
      });
      console.log(`[chaos] report: ${options.out(instances)}`);
      ok &&= report.ok;
    }
    console.log(ok ? '[chaos] every check held' : '[chaos] a check failed: see the lines above');
    return ok ? 0 : 1;
  } finally {
    if (started.length) await stackDown(started);
  }
}

main().then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof UsageError) {
      console.error(`[chaos] ${err.message}\n${USAGE}`);
      process.exit(2);
    }
    console.error(`[chaos] ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
