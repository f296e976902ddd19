import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { PORTS, TEST_ENV } from '@ituna/testbed';
import { sleep } from '../support/fixtures';
import { INSIGHTS_PORT } from '@ituna/contracts';

const root = join(__dirname, '..', '..', '..', '..');
const INSIGHTS = `http://127.0.0.1:${INSIGHTS_PORT}/`;
const APP_URLS = [...Object.values(PORTS).map((port) => `http://127.0.0.1:${port}/health`), INSIGHTS];
/**
 * The suite's quiet services, logging as in a newcomer's terminal (pretty; `npm start` chooses it for
 * a TTY), with the ordering simulators off (a random order can be rejected, which logs at WARN).
 */
const ENV = { ...process.env, ...TEST_ENV, LOG_FORMAT: 'pretty', NX_DAEMON: 'false' };
/** A service's line in a terminal (libs/runtime terminalLine). */
const TERMINAL_LINE = /^\d\d:\d\d:\d\d\.\d{3} - [a-z-]+ - (TRACE|DEBUG|INFO|WARN|ERROR|FATAL) - \S/;
/** NestJS's per-module and per-route start-up lines, left out of a terminal's logs. */
const FRAMEWORK_LINES = /InstanceLoader|RoutesResolver|RouterExplorer|NestFactory/;

async function answers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}

/** A command's process group, its output kept line by line. */
class Command {
  readonly lines: string[] = [];
  private readonly child: ChildProcess;

  constructor(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
    this.child = spawn(command, args, {
      cwd: options.cwd ?? root,
      env: options.env ?? ENV,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let partial = '';
    const collect = (chunk: Buffer) => {
      const text = partial + chunk.toString('utf8');
      const complete = text.split('\n');
      partial = complete.pop()!;
      this.lines.push(...complete);
    };
    this.child.stdout!.on('data', collect);
    this.child.stderr!.on('data', collect);
  }

  get exited(): boolean {
    return this.child.exitCode !== null || this.child.signalCode !== null;
  }

  /** Waits until every URL answers 2xx; false after timeoutMs or when the command exits first. */
  async untilAnswering(urls: string[], timeoutMs: number): Promise<boolean> {
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline && !this.exited; await sleep(500)) {
      if ((await Promise.all(urls.map(answers))).every(Boolean)) return true;
    }
    return false;
  }

  /** Whether any process of the group is left (the command's own, or an app it started). */
  private groupAlive(): boolean {
    try {
      process.kill(-this.child.pid!, 0);
      return true;
    } catch {
      return false;
    }
  }

  /**
   * Ctrl+C for the whole group, as a terminal sends it, then waits until every process of the
   * group is gone, not only the command: an app still shutting down would stay in its consumer
   * groups and hold partitions in the tests that follow. SIGKILL after 30 s. Says which it took.
   */
  async interrupt(): Promise<'stopped' | 'killed'> {
    if (!this.groupAlive()) return 'stopped';
    process.kill(-this.child.pid!, 'SIGINT');
    for (const deadline = Date.now() + 30_000; this.groupAlive() && Date.now() < deadline;) await sleep(100);
    if (!this.groupAlive()) return 'stopped';
    process.kill(-this.child.pid!, 'SIGKILL');
    // Bounded: a killed process the system has not reaped yet still counts for a moment.
    for (const deadline = Date.now() + 5_000; this.groupAlive() && Date.now() < deadline;) await sleep(100);
    return 'killed';
  }
}

/** A line at WARN or above: pino's JSON level 40+, or a pretty line's level word. */
function isWarningOrWorse(line: string): boolean {
  const text = line.replace(/^[\w-]+\s+\| /, '');
  if (text.startsWith('{')) {
    try {
      return Number(JSON.parse(text).level) >= 40;
    } catch {
      return false;
    }
  }
  return /\b(WARN|ERROR|FATAL)\b/.test(text);
}

const NOISE = [
  /EBADENGINE/,
  /inspector|Debugger listening/i,
  /\(node:\d+\) \w*Warning/,
  /address already in use/i,
  /partitioner/i,
];

describe('the two start commands', () => {
  it('`npx nx run-many -t serve` starts all six apps (five services and insights), and they stay up', async () => {
    const serve = new Command(process.execPath, [
      join(root, 'node_modules', 'nx', 'dist', 'bin', 'nx.js'),
      'run-many',
      '-t',
      'serve',
      '--output-style=stream',
    ]);
    try {
      const startedAt = Date.now();
      const up = await serve.untilAnswering(APP_URLS, 240_000);
      const upMs = Date.now() - startedAt;
      await sleep(5000);
      const stillUp = await Promise.all(APP_URLS.map(answers));
      console.log(
        `nx run-many -t serve: all six answering after ${(upMs / 1000).toFixed(1)} s; still up 5 s later: ${stillUp.filter(Boolean).length} of 6`,
      );
      expect(up).toBe(true);
      expect(stillUp.every(Boolean)).toBe(true);
      expect(serve.lines.filter((line) => /inspector|address already in use/i.test(line))).toEqual([]);
    } finally {
      await serve.interrupt();
    }
  }, 300_000);

  it('`npm start` comes up with a quiet first screen: no warning, no engine or inspector lines', async () => {
    const start = new Command('npm', ['start']);
    let stopped: 'stopped' | 'killed' | undefined;
    try {
      const startedAt = Date.now();
      const up = await start.untilAnswering(APP_URLS, 180_000);
      const upMs = Date.now() - startedAt;
      for (
        const deadline = Date.now() + 10_000;
        !start.lines.some((l) => l.startsWith('ITuna is up')) && Date.now() < deadline;
      )
        await sleep(200);
      await sleep(3000);
      const noisy = start.lines.filter((line) => isWarningOrWorse(line) || NOISE.some((pattern) => pattern.test(line)));
      const beforeUp = start.lines.findIndex((line) => line.startsWith('ITuna is up:'));
      console.log(
        `npm start (warm): all six answering after ${(upMs / 1000).toFixed(1)} s; ${beforeUp} lines before "ITuna is up", ${noisy.length} at WARN or noise`,
      );
      expect(up).toBe(true);
      expect(beforeUp).toBeGreaterThan(0);
      expect(noisy).toEqual([]);
      expect(start.lines.filter((line) => FRAMEWORK_LINES.test(line))).toEqual([]);
      // A terminal's line per event reads like the seed's: time - service - LEVEL - message.
      const services = start.lines
        .filter((line) => Object.keys(PORTS).some((name) => line.startsWith(`${name} `)))
        .map((line) => line.replace(/^[\w-]+\s+\| /, ''));
      expect(services.length).toBeGreaterThanOrEqual(Object.keys(PORTS).length);
      expect(services.filter((text) => !TERMINAL_LINE.test(text))).toEqual([]);
    } finally {
      stopped = await start.interrupt();
    }
    // Ctrl+C stopped every app it started, each process of them within 30 s.
    expect(stopped).toBe('stopped');
    expect((await Promise.all(APP_URLS.map(answers))).some(Boolean)).toBe(false);
  }, 240_000);

  it('`npm start` on a fresh clone with node_modules absent takes the dependencies from an earlier install, not npm ci', async () => {
    // The copy `npm start` and `npm test` keep after an npm ci; this checkout's may predate them.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const bootstrap = require(join(root, 'tools', 'scripts', 'bootstrap.js'));
    if (!existsSync(join(bootstrap.snapshots, bootstrap.lockHash()))) bootstrap.saveSnapshot(bootstrap.lockHash());
    const clone = mkdtempSync(join(tmpdir(), 'ituna-clone-'));
    execFileSync('git', ['clone', '--quiet', root, clone]);
    // A newcomer's shell: the system Node first on PATH, not this checkout's.
    const PATH = (process.env.PATH ?? '')
      .split(delimiter)
      .filter((dir) => !dir.startsWith(join(root, 'node_modules')))
      .join(delimiter);
    const start = new Command('npm', ['start'], { cwd: clone, env: { ...ENV, PATH } });
    try {
      const startedAt = Date.now();
      const up = await start.untilAnswering(APP_URLS, 120_000);
      const upMs = Date.now() - startedAt;
      const restored = start.lines.find((line) => line.includes('dependencies restored in'));
      console.log(
        `npm start, fresh clone, node_modules absent: all six answering after ${(upMs / 1000).toFixed(1)} s (${restored?.replace(/ from .*/, '')}; ${start.lines.find((line) => line.includes('[start] built in'))})`,
      );
      expect(up).toBe(true);
      expect(restored).toBeDefined();
      expect(start.lines.filter((line) => /npm ci|added \d+ packages/.test(line))).toEqual([]);
      // npm ci alone took 41-80 s here: this bound fails whenever the install is not skipped.
      expect(upMs).toBeLessThan(60_000);
    } finally {
      await start.interrupt();
      rmSync(clone, { recursive: true, force: true });
    }
    expect((await Promise.all(APP_URLS.map(answers))).some(Boolean)).toBe(false);
  }, 200_000);
});
