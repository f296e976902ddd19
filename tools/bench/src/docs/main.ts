// npm run docs:bench [-- results.json]: a full bench's results, kept small under docs/bench (one
// record per Jaeger storage), and its table on the performance page (a unit test fails on drift).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchRecordPath, syncBenchDocs } from './bench-docs';

const root = join(__dirname, '..', '..', '..', '..');
const from = process.argv[2] ?? join(root, 'tmp', 'bench', 'results.json');
const storage = JSON.parse(readFileSync(from, 'utf8')).options.jaegerStorage as string;
syncBenchDocs(root, storage, { from, write: true });
console.log(`${benchRecordPath(storage)} and docs/performance.md now hold ${from}`);
