import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
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

/** The command line that made a record, from its options (the defaults left out). */
export function benchCommand(o: BenchRecord['options']): string {
  const flags = [
    o.rounds !== 5 && `--rounds ${o.rounds}`,
    Array.isArray(o.configs) && `--configs ${o.configs.join(',')}`,
    o.candidateEnv &&
      `--try ${Object.entries(o.candidateEnv as Record<string, string>)
        .map(([k, v]) => `${k}=${v}`)
        .join(',')}`,
    o.jaegerStorage !== 'memory' && `--jaeger-storage ${o.jaegerStorage}`,
  ].filter(Boolean);
  return `npm run bench${flags.length ? ` -- ${flags.join(' ')}` : ''}`;
}

/** The performance page's generated part: where the figures come from, then the bench's own table. */
export function benchSection(record: BenchRecord, recordPath: string): string {
  const { machine: m, options: o } = record;
  return [
    `\`${benchCommand(o)}\` at commit \`${record.commit}\`, ${record.when.slice(0, 10)}: ${o.rounds} rounds in ${record.seconds} s on ${m.cpus} cores, ${m.memoryGiB} GiB, Node ${m.node}, ${m.platform}. The results without the rounds one by one: [${recordPath}](${recordPath}).`,
    '',
    '```text',
    renderTable(record.summary, o),
    '```',
  ].join('\n');
}

/** The storages the page shows a full run of, each in its own record and generated part. */
export const BENCH_STORAGES = ['memory', 'badger'] as const;

/** A storage's record, and the id of the marks around its part of the page. */
export const benchRecordPath = (storage: string) => `docs/bench/results-${storage}.json`;

/**
 * Keeps a storage's record under docs/bench and its table on the performance page in step: with
 * `from` (a results file of `npm run bench` with that storage), the record is replaced first; the
 * page is rewritten when `write`.
 */
export function syncBenchDocs(
  root: string,
  storage: string,
  { from, write = false }: { from?: string; write?: boolean } = {},
): { current: string | undefined; expected: string } {
  const recordPath = join(root, benchRecordPath(storage));
  if (from) {
    const results = JSON.parse(readFileSync(from, 'utf8')) as BenchRecord;
    if (results.options.jaegerStorage !== storage)
      throw new Error(`${from} is a run with Jaeger's ${results.options.jaegerStorage} storage, not ${storage}`);
    writeFileSync(recordPath, `${JSON.stringify(benchRecord(results), null, 2)}\n`);
  }
  const record = JSON.parse(readFileSync(recordPath, 'utf8')) as BenchRecord;
  const page = join(root, 'docs', 'performance.md');
  return syncGeneratedSection(
    page,
    benchRecordPath(storage),
    benchSection(record, relative(join(root, 'docs'), recordPath)),
    {
      write,
    },
  );
}
