import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { INSIGHTS_PORT, TOPICS } from '@ituna/contracts';
import { launchChromium } from '../support/browser';
import { insightsCli } from '../support/cli';
import { post, PORTS, ServiceFleet, TopicWatcher } from '@ituna/testbed';
import { startOwnJaeger, stopPid } from '@ituna/stack';
import { jaegerQueryUrl, waitForTrace } from '../support/jaeger';
import { TraceView } from '../support/trace-assertions';

const root = join(__dirname, '..', '..', '..', '..');
const faultsFile = join(root, 'tmp', 'e2e-faults.json');
// The page on its own port: the stack's Prometheus scrapes the consumer lag from there.
const insightsUrl = `http://127.0.0.1:${INSIGHTS_PORT}`;

interface LagRow {
  group: string;
  topic: string;
  max: number | null;
  series: { at: number; value: number | null }[];
  queueWaitP95Ms?: number;
}
interface StageRow {
  service: string;
  operation: string;
  now: { rate: number | null; p95: number | null };
}

describe('finding the bottleneck (fault injection, report, trace, insights page)', () => {
  mkdirSync(join(root, 'tmp'), { recursive: true });
  writeFileSync(faultsFile, JSON.stringify({ 'validate-inventory': { extraDelayMs: 800 } }));
  const fleet = new ServiceFleet({ ITUNA_ZERO_DELAYS: 'true', ITUNA_FAULTS_FILE: faultsFile });
  const watcher = new TopicWatcher([TOPICS.ready, TOPICS.rejected]);
  const since = new Date().toISOString();
  const placed: { orderId: string; traceId: string }[] = [];
  let insights: ChildProcess | undefined;

  beforeAll(async () => {
    insights = spawn(process.execPath, [join(root, 'dist', 'apps', 'insights', 'main.cjs')], {
      env: { ...process.env, PORT: String(INSIGHTS_PORT) },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    insights.stderr?.on('data', (d) => (stderr += d));
    // Ours, answering: not another app on the port (an `npm start` left running would be read instead).
    for (const until = Date.now() + 30_000; ;) {
      if (insights.exitCode !== null) throw new Error(`the insights app exited at start: ${stderr}`);
      if (
        await fetch(`${insightsUrl}/`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      if (Date.now() > until) throw new Error(`the insights app did not answer in 30 s: ${stderr}`);
      await new Promise((r) => setTimeout(r, 200));
    }
    await watcher.start();
    await fleet.start(['website-ordering', 'onsite-ordering', 'order-validation', 'kitchen-service']);
    // Orders through validation with the inventory check slowed by 800 ms, one at a time: at a
    // low rate the slow step itself is the bottleneck (at a high rate the orders would queue up
    // in Kafka behind it, and the report would rightly name that wait first).
    for (let i = 0; i < 6; i++) {
      for (const [port, body] of [
        [PORTS['website-ordering'], { items: { 'TUNA MAKI': 1 }, address: `${i + 1} Kelp Close` }],
        [PORTS['onsite-ordering'], { table: i + 1, items: { 'TUNA SALAD': 2 } }],
      ] as const) {
        const answer = await post(port, '/orders', body);
        expect(answer.status).toBe(202);
        placed.push(answer.body);
        await watcher.waitFor((m) => m.topic === TOPICS.ready && m.key === answer.body.orderId, 60_000);
      }
    }
    await Promise.all(
      placed.map((o) => waitForTrace(o.traceId, { has: ['place-order', 'validate-inventory', 'send orders-ready'] })),
    );
  });
  afterAll(async () => {
    if (insights && insights.exitCode === null) {
      const exited = new Promise((resolve) => insights?.once('exit', resolve));
      insights.kill('SIGTERM');
      await exited;
    }
    await fleet.stop();
    await watcher.stop();
    writeFileSync(faultsFile, '{}');
  });

  it('report --json names validate-inventory as the top bottleneck', () => {
    const { code, stdout, stderr } = insightsCli('report', '--since', since, '--json');
    expect([code, stderr]).toEqual([0, '']);
    const report = JSON.parse(stdout);
    expect(report.orders).toBeGreaterThanOrEqual(placed.length);
    expect(report.bottleneck).toMatchObject({ stage: 'validate-inventory', service: 'order-validation' });
    expect(report.bottleneck.p95).toBeGreaterThanOrEqual(800);
    expect(report.stages.map((s: { stage: string }) => s.stage)).toEqual(
      expect.arrayContaining(['queue ituna-orders', 'queue kitchen-orders', 'validate-address', 'cook-order']),
    );
    expect(Object.keys(report.channels).sort()).toEqual(['onsite', 'website']);
    const text = insightsCli('report', '--since', since).stdout;
    expect(text).toContain('The top bottleneck is validate-inventory in order-validation');
    console.log(text);
  });

  it("trace prints an order's waterfall with its queue waits, total and a link that opens (the trace's JSON: the native Jaeger has no UI)", async () => {
    const { orderId, traceId } = placed[0];
    const { code, stdout } = insightsCli('trace', orderId);
    expect(code).toBe(0);
    expect(stdout).toContain(`order ${orderId}`);
    expect(stdout).toMatch(/~ queued in ituna-orders/);
    expect(stdout).toMatch(/order-validation-1\s+validate-inventory/);
    expect(stdout).toMatch(/^total .* end to end, of which .* waiting in Kafka over 2 hop\(s\)$/m);
    expect(stdout).toContain(`Jaeger: ${jaegerQueryUrl}/api/traces/${traceId}`);
    const opened = (await (await fetch(`${jaegerQueryUrl}/api/traces/${traceId}`)).json()) as {
      data: { traceID: string }[];
    };
    expect(opened.data[0].traceID).toBe(traceId);
    // The slowed step decided the order's time: it is on the critical path, after the placing.
    expect(stdout).toMatch(
      /^critical path: POST \/orders > place-order > send ituna-orders > process ituna-orders > validate-order > (validate-\w+ > )*validate-inventory > send kitchen-orders > process kitchen-orders > /m,
    );
    console.log(stdout);
  });

  it('answers GET /health as the five services do: 200 while Jaeger answers', async () => {
    const res = await fetch(`${insightsUrl}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', info: { jaeger: { status: 'up' } } });
  });

  it('report refuses a window longer than a day, saying what to ask instead', () => {
    const tooLong = insightsCli('report', '--since', '2d');
    expect(tooLong.code).toBe(1);
    expect(tooLong.stderr).toMatch(/a report covers at most 24 h \(asked for 48 h\): ask for a shorter window/);
  });

  it('refuses a command line it does not take with the usage and exit code 2', () => {
    for (const args of [['report', '--since'], ['report', '--sinse', '1h'], ['trace'], ['trace', 'a', 'b']]) {
      const refused = insightsCli(...args);
      expect([args, refused.code]).toEqual([args, 2]);
      expect(refused.stderr).toMatch(/^error: .+\nusage: npm run trace -- <orderId>/);
    }
  });

  it('trace says so, with a non-zero exit, when the order is unknown or Jaeger is away', () => {
    const unknown = insightsCli('trace', '00000000-0000-4000-8000-000000000000');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/order 00000000-0000-4000-8000-000000000000 was not found in Jaeger/);
    const away = spawnCliWithJaeger('http://127.0.0.1:9');
    expect(away.code).toBe(1);
    expect(away.stderr).toMatch(/cannot be reached/);
  });

  it('fails the address check live (faults file changed, no restart): ERROR spans with exceptions, orders rejected', async () => {
    writeFileSync(faultsFile, JSON.stringify({ 'validate-address': { failRate: 1 } }));
    await new Promise((r) => setTimeout(r, 1500)); // the file is polled every 500 ms
    const answer = await post(PORTS['website-ordering'], '/orders', {
      items: { 'ITUNA ROLL': 1 },
      address: '5 Pier Way',
    });
    const rejected = await watcher.waitFor((m) => m.topic === TOPICS.rejected && m.key === answer.body.orderId);
    expect(rejected.json()).toMatchObject({
      step: 'validate-address',
      reason: 'validate-address failed (injected fault)',
    });
    const trace = new TraceView(
      await waitForTrace(answer.body.traceId, { has: ['validate-address', 'send orders-rejected'] }),
    );
    const step = trace.one('validate-address');
    expect(trace.tag(step, 'otel.status_code')).toBe('ERROR');
    expect(step.logs.flatMap((l) => l.fields).find((f) => f.key === 'exception.message')?.value).toBe(
      'validate-address failed (injected fault)',
    );
  });

  it("shows 'Open in Jaeger' where Jaeger's own UI answers, and the link opens Jaeger's page for the trace", async () => {
    // Jaeger itself serves a UI from JAEGER_UI_ASSETS. The UI's real assets come with Jaeger's
    // release archives, which this machine cannot fetch: the folder holds a stand-in page with the
    // UI's root element and the line Jaeger fills in with its version when it serves the page.
    const dir = join(root, 'tmp', 'e2e-jaeger-ui');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(join(dir, 'assets'), { recursive: true });
    writeFileSync(
      join(dir, 'assets', 'index.html'),
      '<!doctype html><html><head><base href="/" /><script>var JAEGER_VERSION = DEFAULT_VERSION;</script></head><body><div id="jaeger-ui-root"></div></body></html>',
    );
    const ports = { otlpGrpc: 34317, otlpHttp: 34318, query: 36686, queryGrpc: 36685, health: 33133 };
    const jaegerPid = await startOwnJaeger({
      storage: 'memory',
      dir: join(dir, 'jaeger'),
      ports,
      uiAssets: join(dir, 'assets'),
    });
    const uiUrl = `http://127.0.0.1:${ports.query}`;
    // A second insights page: traces from the stack's Jaeger, links to the one with a UI.
    const port = INSIGHTS_PORT + 900;
    const second = spawn(process.execPath, [join(root, 'dist', 'apps', 'insights', 'main.cjs')], {
      env: { ...process.env, PORT: String(port), JAEGER_UI_URL: uiUrl },
      stdio: 'ignore',
    });
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      for (let i = 0; ; i++) {
        try {
          await page.goto(`http://127.0.0.1:${port}/?since=${encodeURIComponent(since)}`, { timeout: 5000 });
          break;
        } catch (err) {
          if (i > 40) throw err;
          await new Promise((r) => setTimeout(r, 250));
        }
      }
      const { orderId, traceId } = placed[0];
      await page.fill('#orderId', orderId);
      await page.click('#search button');
      await page.waitForSelector('#waterfall g.span-row');
      const href = await page.locator('#jaeger-link').getAttribute('href');
      expect(href).toBe(`${uiUrl}/trace/${traceId}`);
      const opened = await page.goto(href as string);
      expect(opened?.status()).toBe(200);
      const html = await opened?.text();
      expect(html).toContain('id="jaeger-ui-root"');
      // Served by Jaeger's own UI handler: it wrote its version into the page.
      expect(html).toMatch(/JAEGER_VERSION = \{"gitCommit"/);
    } finally {
      await browser.close();
      second.kill('SIGTERM');
      await stopPid(jaegerPid, { graceMs: 10_000 });
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);

  it("shows the stages, the slowest orders and an order's waterfall in a real browser", async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      for (let i = 0; ; i++) {
        try {
          await page.goto(`${insightsUrl}/?since=${encodeURIComponent(since)}`, { timeout: 5000 });
          break;
        } catch (err) {
          if (i > 40) throw err;
          await new Promise((r) => setTimeout(r, 250));
        }
      }
      await page.waitForSelector('body[data-loaded="true"]', { timeout: 30_000 });
      const stageNames = await page.locator('#chart text.stage-name').allTextContents();
      expect(stageNames).toEqual(expect.arrayContaining(['validate-inventory', 'queue ituna-orders']));
      expect(await page.locator('#bottleneck').textContent()).toMatch(/validate-inventory/);
      expect(await page.locator('#slowest tbody tr').count()).toBeGreaterThan(0);

      const { orderId, traceId } = placed[1];
      await page.fill('#orderId', orderId);
      await page.click('#search button');
      await page.waitForSelector('#waterfall g.span-row');
      const rows = await page.locator('#waterfall g.span-row').allTextContents();
      expect(rows.join('\n')).toMatch(/validate-inventory/);
      expect(rows.join('\n')).toMatch(/queued in kitchen-orders/);
      // No "Open in Jaeger" where Jaeger has no UI (the native build's page is a placeholder): the trace's JSON instead.
      expect(await page.locator('#jaeger-link').count()).toBe(0);
      const json = await page.locator('#trace-json-link').getAttribute('href');
      expect(json).toBe(`${jaegerQueryUrl}/api/traces/${traceId}`);
      expect(((await (await fetch(json!)).json()) as { data: { traceID: string }[] }).data[0].traceID).toBe(traceId);

      // The critical path: the slowed check and the queue wait into the kitchen are outlined.
      const critical = await page.locator('#waterfall g.critical text.label').allTextContents();
      expect(critical).toEqual(expect.arrayContaining(['validate-inventory', 'process kitchen-orders']));

      // The service graph: who writes which topic and who reads it.
      const topics = await page.locator('#graph g.graph-topic text').allTextContents();
      expect(topics).toEqual(expect.arrayContaining(['ituna-orders', 'kitchen-orders', 'orders-ready']));
      expect(await page.locator('#graph g.graph-service text').allTextContents()).toEqual(
        expect.arrayContaining(['website-ordering', 'onsite-ordering', 'order-validation', 'kitchen-service']),
      );

      // An event (the rejection the address fault caused) links to its order.
      const rejection = page.locator('#events tr[data-kind="rejected"]').first();
      expect(await rejection.textContent()).toMatch(/validate-address failed \(injected fault\)/);
      await rejection.locator('a').click();
      await page.waitForFunction(() =>
        Array.from(document.querySelectorAll('#waterfall g.span-row')).some((g) =>
          /send orders-rejected/.test(g.textContent ?? ''),
        ),
      );

      // Search: order-validation's traces with a span of 700 ms or more (the slowed check), then two compared.
      await page.selectOption('#s-service', 'order-validation');
      await page.fill('#s-operation', 'validate-inventory');
      await page.fill('#s-min', '700ms');
      // This run's orders are minutes old; earlier runs' (kept 48 h) must not crowd them out.
      await page.selectOption('#s-since', '5m');
      await page.selectOption('#s-limit', '100');
      await page.click('#trace-search button[type=submit], #trace-search button:not([type])');
      await page.waitForSelector('#results tbody tr');
      const found = await page
        .locator('#results tbody tr')
        .evaluateAll((trs) => trs.map((tr) => (tr as HTMLElement).dataset.order));
      expect(found.length).toBeGreaterThanOrEqual(6);
      expect(found).toEqual(expect.arrayContaining([placed[0].orderId, placed[1].orderId]));
      await page.locator(`#results tr[data-order="${placed[0].orderId}"] input.pick`).check();
      await page.locator(`#results tr[data-order="${placed[1].orderId}"] input.pick`).check();
      await page.click('#compare-picked');
      await page.waitForSelector('#compare-stages tbody tr[data-stage="validate-inventory"]');
      expect(await page.locator('#compare-a g.span-row').count()).toBeGreaterThan(5);
      expect(await page.locator('#compare-b g.span-row').count()).toBeGreaterThan(5);
      expect(await page.locator('#compare-stages tbody tr').first().textContent()).toMatch(/^end to end/);
      const badSearch = await fetch(`${insightsUrl}/api/search?service=order-validation&minDuration=fast`);
      expect([badSearch.status, ((await badSearch.json()) as { message: string }).message]).toEqual([
        400,
        'minDuration: "fast" is not a duration such as 500ms or 1.5s',
      ]);

      // What one request may ask of Jaeger is bounded, and the page's API says so.
      const tooLong = await fetch(`${insightsUrl}/api/overview?since=2d`);
      expect(tooLong.status).toBe(400);
      expect(((await tooLong.json()) as { message: string }).message).toBe(
        'a report covers at most 24 h (asked for 48 h): ask for a shorter window',
      );

      const shots = join(root, process.env.ITUNA_UPDATE_SCREENSHOT ? 'docs' : 'tmp');
      mkdirSync(shots, { recursive: true });
      await page.screenshot({ path: join(shots, 'insights.png'), fullPage: true });
      // The search (the first 20 again, for a screenshot of a sensible height), the order with its
      // critical path and the comparison (page coordinates).
      await page.selectOption('#s-limit', '20');
      await page.click('#trace-search button:not([type])');
      await page.waitForFunction(() => document.querySelectorAll('#results tbody tr').length <= 20);
      await page.fill('#orderId', placed[1].orderId);
      await page.click('#search button');
      await page.waitForFunction(
        () =>
          !Array.from(document.querySelectorAll('#waterfall g.span-row')).some((g) =>
            /rejected/.test(g.textContent ?? ''),
          ),
      );
      const [from, to] = await page.evaluate(() => {
        const top = (id: string) => document.getElementById(id)!.getBoundingClientRect().top + window.scrollY;
        return [top('trace-search') - 40, top('compare') + document.getElementById('compare')!.offsetHeight];
      });
      await page.screenshot({
        path: join(shots, 'insights-dashboard.png'),
        fullPage: true,
        clip: { x: 0, y: from, width: 1280, height: to - from },
      });
    } finally {
      await browser.close();
    }
  });

  it('lag on ituna-orders grows while the inventory check is slowed; the report and the page API show it beside RED metrics', async () => {
    // Back to the slowed inventory check alone (the test before made every address check fail).
    writeFileSync(faultsFile, JSON.stringify({ 'validate-inventory': { extraDelayMs: 800 } }));
    await new Promise((r) => setTimeout(r, 1500));
    const burstAt = Date.now();
    const window = new Date(burstAt - 10_000).toISOString();
    // 40 orders at once against an 800 ms inventory check: they wait in ituna-orders.
    const burst = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        post(PORTS['website-ordering'], '/orders', { items: { 'TUNA MAKI': 1 }, address: `${i + 1} Queue Lane` }),
      ),
    );
    expect(burst.map((a) => a.status)).toEqual(burst.map(() => 202));
    const lagOf = async () => {
      const res = await fetch(`${insightsUrl}/api/overview?since=${encodeURIComponent(window)}`);
      const body = (await res.json()) as { metrics: { lag: LagRow[]; stages: StageRow[]; unavailable: object } };
      expect([res.status, body.metrics.unavailable]).toEqual([200, {}]);
      return body.metrics;
    };
    const validationLag = (lag: LagRow[]) =>
      lag.find((l) => l.group === 'order-validation-server' && l.topic === TOPICS.orders);
    let seen = validationLag((await lagOf()).lag);
    for (const until = Date.now() + 60_000; (seen?.max ?? 0) < 10 && Date.now() < until;) {
      await new Promise((r) => setTimeout(r, 2000));
      seen = validationLag((await lagOf()).lag);
    }
    // It grew: Prometheus saw it near zero before the burst and at 10 or more after.
    const values = (seen?.series ?? []).map((p) => p.value);
    const peak = values.findIndex((v) => (v ?? 0) >= 10);
    expect(peak).toBeGreaterThan(0);
    expect(values.slice(0, peak).some((v) => v !== null && v <= 1)).toBe(true);
    for (const a of burst) await watcher.waitFor((m) => m.topic === TOPICS.ready && m.key === a.body.orderId, 90_000);

    // Once drained, the RED metrics hold the slowed step (the spanmetrics are flushed every 5 s).
    let metrics = await lagOf();
    const inventory = () => metrics.stages.find((st) => st.operation === 'validate-inventory');
    for (const until = Date.now() + 30_000; (inventory()?.now.p95 ?? 0) < 800 && Date.now() < until;) {
      await new Promise((r) => setTimeout(r, 2000));
      metrics = await lagOf();
    }
    expect(inventory()).toMatchObject({ service: 'order-validation' });
    expect(inventory()?.now.p95).toBeGreaterThanOrEqual(800);
    expect(inventory()?.now.rate).toBeGreaterThan(0);
    // The traces' queue wait on the same topic stands beside the lag.
    expect(validationLag(metrics.lag)?.queueWaitP95Ms).toBeGreaterThan(1000);

    const { code, stdout } = insightsCli('report', '--since', window, '--json');
    expect(code).toBe(0);
    const fromCli = JSON.parse(stdout).metrics;
    expect(validationLag(fromCli.lag)?.max).toBeGreaterThanOrEqual(10);
    expect(fromCli.stages.map((st: StageRow) => st.operation)).toEqual(
      expect.arrayContaining(['place-order', 'validate-inventory', 'cook-order']),
    );
    const text = insightsCli('report', '--since', window).stdout;
    expect(text).toMatch(/^ {2}order-validation-server +ituna-orders +\d+ +\d+ +\d+ ms +\S+/m);
    console.log(text.slice(text.indexOf('RED metrics')));

    // The page draws the same: the lag over time beside the queue wait, and the RED table.
    const browser = await launchChromium();
    try {
      const page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
      await page.goto(`${insightsUrl}/?since=${encodeURIComponent(window)}`);
      await page.waitForSelector('body[data-loaded="true"]', { timeout: 30_000 });
      const lagRow = page.locator(`#lag tr[data-group="order-validation-server"][data-topic="${TOPICS.orders}"]`);
      expect(Number(await lagRow.getAttribute('data-max'))).toBeGreaterThanOrEqual(10);
      expect(await lagRow.locator('svg.spark polyline').count()).toBe(1);
      expect(await page.locator('#red tr[data-operation="validate-inventory"] svg.spark').count()).toBe(2);
      const shot = join(root, process.env.ITUNA_UPDATE_SCREENSHOT ? 'docs' : 'tmp', 'insights-metrics.png');
      mkdirSync(join(shot, '..'), { recursive: true });
      await page.screenshot({ path: shot, fullPage: true });
    } finally {
      await browser.close();
    }
  });
});

function spawnCliWithJaeger(url: string) {
  const res = spawnSync(process.execPath, [join(root, 'dist', 'apps', 'insights', 'cli.cjs'), 'trace', 'x'], {
    encoding: 'utf8',
    env: { ...process.env, JAEGER_QUERY_URL: url },
  });
  return { code: res.status, stderr: res.stderr };
}
