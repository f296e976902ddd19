// npm run trace -- <orderId>            the order's waterfall in the terminal
// npm run report -- [--since 15m|<ISO instant>] [--json]   where the time goes, over all orders since then
import { JaegerClient, buildReport, collectOrders, findOrder, parseSince, renderReport, renderWaterfall } from '@ituna/trace-analysis';

const usage = 'usage: npm run trace -- <orderId>\n       npm run report -- [--since 15m] [--json]';

async function trace(args: string[]): Promise<number> {
  const orderId = args.find((a) => !a.startsWith('-'));
  if (!orderId) {
    console.error(usage);
    return 2;
  }
  const client = new JaegerClient();
  const order = await findOrder(client, orderId);
  console.log(renderWaterfall(order, client.traceUrl(order.traceId)));
  return 0;
}

async function report(args: string[]): Promise<number> {
  const sinceArg = args.includes('--since') ? args[args.indexOf('--since') + 1] : undefined;
  const toMs = Date.now();
  const fromMs = parseSince(sinceArg ?? '15m', toMs);
  const json = args.includes('--json');
  const client = new JaegerClient();
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
  console.log(json ? JSON.stringify(result, null, 2) : renderReport(result));
  return 0;
}

async function main([command, ...args]: string[]): Promise<number> {
  if (command === 'trace') return trace(args);
  if (command === 'report') return report(args);
  console.error(usage);
  return 2;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    console.error(`error: ${err.message}`);
    process.exit(1);
  },
);
