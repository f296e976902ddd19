import type { MessageFormatFunc } from 'pino-pretty';

const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

const two = (n: number) => String(n).padStart(2, '0');

/** Local time of day with milliseconds: what a reader matches against a trace's start. */
function timeOfDay(epochMs: number): string {
  const d = new Date(epochMs);
  return `${two(d.getHours())}:${two(d.getMinutes())}:${two(d.getSeconds())}.${String(d.getMilliseconds()).padStart(3, '0')}`;
}

/**
 * One terminal line per event, as the seed's services printed them (`time - service - LEVEL -
 * message`), a request's method, path, status and time, then the order id when the message does not already hold it, the trace id's first 8
 * characters (enough to find the trace by eye; `LOG_FORMAT=json` keeps the whole of every field)
 * and an error's message.
 */
export const terminalLine: MessageFormatFunc = (log, messageKey, _levelLabel, { colors }) => {
  const level = LEVELS[log.level as number] ?? String(log.level);
  const paint =
    (log.level as number) >= 50
      ? colors.red
      : (log.level as number) >= 40
        ? colors.yellow
        : (log.level as number) >= 30
          ? colors.green
          : colors.gray;
  const message = String(log[messageKey] ?? '');
  const err = log.err as { type?: string; message?: string } | undefined;
  const tail = [
    typeof log.orderId === 'string' && !message.includes(log.orderId) ? `order ${log.orderId}` : '',
    typeof log.trace_id === 'string' ? `trace ${log.trace_id.slice(0, 8)}` : '',
  ].filter(Boolean);
  const req = log.req as { method?: string; url?: string } | undefined;
  const res = log.res as { statusCode?: number } | undefined;
  // pino-http's line for each request: "request completed" says little without these.
  const request =
    req?.method && res ? ` ${req.method} ${req.url} ${res?.statusCode ?? ''} ${log.responseTime ?? ''} ms` : '';
  const error = err?.message
    ? `: ${err.type ?? 'Error'}: ${err.message}`
    : typeof log.error === 'string'
      ? `: ${log.error}`
      : '';
  return (
    `${timeOfDay(log.time as number)} - ${String(log.service ?? '')} - ${paint(level)} - ${message}${request}${error}` +
    (tail.length ? colors.gray(` [${tail.join(', ')}]`) : '')
  );
};
