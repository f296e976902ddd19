// npm run trace -- <orderId>            the order's waterfall in the terminal
// npm run report -- [--since 15m|<ISO instant>] [--json]   where the time goes, over all orders since then
import {
  JaegerClient,
  MetricsClient,
  buildMetricsReport,
  buildReport,
  collectOrders,
  findOrder,
  metricsWindow,
  parseSince,
  renderMetrics,
  renderReport,
  renderWaterfall,
} from '@ituna/trace-analysis';
import { jaegerUiAnswers } from '@ituna/contracts';
import { backendUrlsFrom } from './app/insights.config';
import { CLI_USAGE, CliUsageError, parseCliCommand } from './cli-options';

/** The CLI reads the same environment as the page, checked the same way. */
function clients(): { jaeger: JaegerClient; metrics: MetricsClient } {
  const { jaegerQueryUrl, jaegerUiUrl, prometheusUrl } = backendUrlsFrom();
  return {
    jaeger: new JaegerClient(jaegerQueryUrl, jaegerUiUrl),
    metrics: new MetricsClient(jaegerQueryUrl, prometheusUrl),
  };
}

async function trace(orderId: string): Promise<number> {
  const client = clients().jaeger;
  const [order, ui] = await Promise.all([findOrder(client, orderId), jaegerUiAnswers(client.uiUrl)]);
  // The UI's page where one answers; the trace's JSON where it does not (the native build).
  console.log(renderWaterfall(order, ui ? client.traceUrl(order.traceId) : client.traceJsonUrl(order.traceId)));
  return 0;
}

async function report(since: string, json: boolean): Promise<number> {
  const toMs = Date.now();
  const fromMs = parseSince(since, toMs);
  const { jaeger: client, metrics: metricsClient } = clients();
  const startedAt = Date.now();
  let shown = false;
  const { orders, limitedTo } = await collectOrders(client, fromMs, toMs, (found) => {
    // Progress only when it takes more than a moment, and never into --json output.
    if (Date.now() - startedAt > 1000) {
      process.stderr.write(`\rreading traces from Jaeger: ${found} orders so far...`);
      shown = true;
    }
  });
  const result = buildReport(orders, { fromMs, toMs }, limitedTo);
  if (shown) process.stderr.write('\n');
  const metrics = await buildMetricsReport(metricsClient, metricsWindow(fromMs, toMs), result);
  console.log(
    json ? JSON.stringify({ ...result, metrics }, null, 2) : `${renderReport(result)}\n\n${renderMetrics(metrics)}`,
  );
  return 0;
}

async function main(argv: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseCliCommand(argv);
  } catch (err) {
    if (!(err instanceof CliUsageError)) throw err;
    console.error(`error: ${err.message}\n${CLI_USAGE}`);
    return 2;
  }
  if (parsed.command === 'trace') return trace(parsed.orderId);
  if (parsed.command === 'report') return report(parsed.since, parsed.json);
  console.log(CLI_USAGE);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`error: ${err.message}`);
    process.exit(1);
  },
);
