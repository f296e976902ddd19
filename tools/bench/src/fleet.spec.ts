import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { configurationsFor } from './configurations';
import { serviceMain, serviceNodeFlags } from './fleet';

const root = join(__dirname, '..', '..', '..');

/** The old-generation limit (MB) of a Node started with these flags (and NODE_OPTIONS). */
function oldSpaceLimitMb(flags: string[], nodeOptions = ''): number {
  const script = "process.stdout.write(String(require('v8').getHeapStatistics().heap_size_limit))";
  const bytes = Number(
    execFileSync(process.execPath, [...flags, '-e', script], {
      env: { ...process.env, NODE_OPTIONS: nodeOptions },
      encoding: 'utf8',
    }),
  );
  return bytes / 2 ** 20;
}

describe('serviceNodeFlags', () => {
  const [a, candidate] = configurationsFor(['A'], {
    BENCH_NODE_FLAGS: '--max-semi-space-size=16  --max-old-space-size=384',
  });

  it("runs a service with its serve target's heap limits, and a candidate's Node flags after them", () => {
    expect(serviceNodeFlags(root, 'kitchen-service', a)).toEqual([
      '--max-old-space-size=256',
      '--max-semi-space-size=8',
    ]);
    expect(serviceNodeFlags(root, 'kitchen-service', candidate)).toEqual([
      '--max-old-space-size=256',
      '--max-semi-space-size=8',
      '--max-semi-space-size=16',
      '--max-old-space-size=384',
    ]);
  });

  // Why the flags go on the command line after the serve target's, and not in NODE_OPTIONS.
  it('gives the candidate its own flag values: V8 takes the last, and NODE_OPTIONS cannot override the command line', () => {
    const heapLimit = (flags: string[], nodeOptions?: string) =>
      Math.floor(oldSpaceLimitMb(flags, nodeOptions) / 128) * 128;
    expect(heapLimit(serviceNodeFlags(root, 'kitchen-service', a))).toBe(256);
    expect(heapLimit(serviceNodeFlags(root, 'kitchen-service', candidate))).toBe(384);
    expect(heapLimit(serviceNodeFlags(root, 'kitchen-service', a), '--max-old-space-size=384')).toBe(256);
  });
});

describe('serviceMain', () => {
  it("runs A's services from dist, and a candidate's from the build --try BENCH_DIST names", () => {
    const [a, candidate] = configurationsFor(['A'], { BENCH_DIST: 'tmp/dist-other' });
    expect(serviceMain(root, 'order-validation', a)).toBe(join(root, 'dist', 'apps', 'order-validation', 'main.cjs'));
    expect(serviceMain(root, 'order-validation', candidate)).toBe(
      join(root, 'tmp', 'dist-other', 'apps', 'order-validation', 'main.cjs'),
    );
  });
});
