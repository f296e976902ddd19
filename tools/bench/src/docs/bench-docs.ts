import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { syncGeneratedSection } from '@ituna/contracts';
import { renderTable, type BenchSummary } from '../report';

/** What the docs keep of a bench's results file: everything but the rounds one by one. */
export interface BenchRecord {
  when: string;
  seconds: number;
  commit: string;
  machine: { cpus: number; memoryGiB: number; node: string; platform: string };
  options: { rounds: number; pacedRate: number; jaegerStorage: string } & Record<string, unknown>;
  summary: BenchSummary;
}

/** The small form of a results file written by `npm run bench`. */
export function benchRecord(results: BenchRecord & { runs?: unknown }): BenchRecord {
  const { when, seconds, commit, machine, options, summary } = results;
  return { when, seconds, commit, machine, options, summary };
}

/** The performance page's generated part: where the figures come from, then the bench's own table. */
export function benchSection(record: BenchRecord, recordPath: string): string {
  const { machine: m, options: o } = record;
  return [
    `\`npm run bench${o.jaegerStorage === 'memory' ? '' : ` -- --jaeger-storage ${o.jaegerStorage}`}\` at commit \`${record.commit}\`, ${record.when.slice(0, 10)}: ${o.rounds} rounds in ${record.seconds} s on ${m.cpus} cores, ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}. The results without the rounds one by one: [${recordPath}](${recordPath}).`,
    '',
    '```text',
    renderTable(record.summary, o),
    '```',
  ].join('\n');
}

/** The id of the marks around the performance page's generated part. */
export const BENCH_SECTION = 'docs/bench/results.json';

/**
 * Keeps docs/bench/results.json and the performance page's table in step: with `from` (a results
 * file of `npm run bench`), the record is replaced first; the page is rewritten when `write`.
 */
export function syncBenchDocs(
  paths: { record: string; page: string },
  { from, write = false }: { from?: string; write?: boolean } = {},
): { current: string | undefined; expected: string } {
  if (from)
    writeFileSync(paths.record, `${JSON.stringify(benchRecord(JSON.parse(readFileSync(from, 'utf8'))), null, 2)}\n`);
  const record = JSON.parse(readFileSync(paths.record, 'utf8')) as BenchRecord;
  const link = relative(`${paths.page}/..`, paths.record);
  return syncGeneratedSection(paths.page, BENCH_SECTION, benchSection(record, link), { write });
}
