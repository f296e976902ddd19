import { join } from 'node:path';
import { syncBenchDocs } from './bench-docs';

const root = join(__dirname, '..', '..', '..', '..');

describe('docs/performance.md', () => {
  it("shows the table of docs/bench/results.json, the last full bench's (npm run docs:bench writes both)", () => {
    const { current, expected } = syncBenchDocs({
      record: join(root, 'docs', 'bench', 'results.json'),
      page: join(root, 'docs', 'performance.md'),
    });
    expect(current).toBe(expected);
  });
});
