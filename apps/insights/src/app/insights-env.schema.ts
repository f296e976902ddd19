import { z } from 'zod';
import { envOptional, envWholeNumber } from '@ituna/contracts';

const url = (what: string) =>
  z.url({ protocol: /^https?$/, error: `must be the http(s) URL of ${what}, such as http://127.0.0.1:16686` });

/** The insights page's and CLI's environment, checked at start: a bad value stops them, naming it. */
export const InsightsEnvSchema = z.object({
  PORT: envOptional(envWholeNumber(0, 65_535), { default: '`3006`', description: "the insights page's HTTP port" }),
  HOST: envOptional(z.string(), { default: '`0.0.0.0`', description: 'the address it listens on' }),
  /** `debug` or `trace` shows Nest's start-up lines; anything else, warnings and errors only. */
  LOG_LEVEL: envOptional(z.string(), {
    default: '',
    description: "`debug` or `trace` shows NestJS's start-up lines; anything else, warnings and errors only",
  }),
  JAEGER_QUERY_URL: envOptional(url("Jaeger's query API"), {
    default: '`http://127.0.0.1:16686`',
    description:
      "Jaeger's query API, for the insights page, `npm run trace` and `npm run report` (also read by the e2e suite and the bench)",
  }),
  JAEGER_UI_URL: envOptional(url("Jaeger's UI"), {
    default: '`JAEGER_QUERY_URL`',
    description: "where a trace's Jaeger page is linked, when Jaeger's UI answers there",
  }),
  PROMETHEUS_URL: envOptional(url('the Prometheus server holding the metrics'), {
    default: '`http://127.0.0.1:9090`',
    description: "the Prometheus server Jaeger's metrics API, the insights page and `npm run report` read",
  }),
});
