// npm run docs:bench [-- results.json]: the last full bench's results, kept small under docs/bench,
// and the performance page's table generated from them (a unit test fails when the two drift).
import { join } from 'node:path';
import { syncBenchDocs } from './bench-docs';

const root = join(__dirname, '..', '..', '..', '..');
const from = process.argv[2] ?? join(root, 'tmp', 'bench', 'results.json');
syncBenchDocs(
  { record: join(root, 'docs', 'bench', 'results.json'), page: join(root, 'docs', 'performance.md') },
  { from, write: true },
);
console.log(`docs/bench/results.json and docs/performance.md now hold ${from}`);
