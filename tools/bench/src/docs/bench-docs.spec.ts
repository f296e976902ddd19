import { join } from 'node:path';
import { BENCH_STORAGES, benchCommand, syncBenchDocs } from './bench-docs';

const root = join(__dirname, '..', '..', '..', '..');

describe('docs/performance.md', () => {
  it.each(BENCH_STORAGES)(
    "shows the table of docs/bench/results-%s.json, the last full bench's with that storage (npm run docs:bench writes both)",
    (storage) => {
      const { current, expected } = syncBenchDocs(root, storage);
      expect(current).toBe(expected);
    },
  );

  it('names the command that made a record, the defaults left out', () => {
    expect(benchCommand({ rounds: 5, pacedRate: 200, jaegerStorage: 'memory' })).toBe('npm run bench');
    expect(
      benchCommand({
        rounds: 3,
        pacedRate: 200,
        jaegerStorage: 'badger',
        configs: ['A', 'B'],
        candidateEnv: { BENCH_NODE_FLAGS: '--max-semi-space-size=8' },
      }),
    ).toBe(
      'npm run bench -- --rounds 3 --configs A,B --try BENCH_NODE_FLAGS=--max-semi-space-size=8 --jaeger-storage badger',
    );
  });
});
