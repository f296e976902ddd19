import { z } from 'zod';
import { envOptional, envWholeNumber } from '@ituna/contracts';

const url = (what: string) =>
  z.url({ protocol: /^https?$/, error: `must be the http(s) URL of ${what}, such as http://127.0.0.1:16686` });

/** The insights page's and CLI's environment, checked at start: a bad value stops them, naming it. */
export const InsightsEnvSchema = z.object({
  PORT: envOptional(envWholeNumber(0, 65_535)),
  HOST: envOptional(z.string()),
  /** `debug` or `trace` shows Nest's start-up lines; anything else, warnings and errors only. */
  LOG_LEVEL: envOptional(z.string()),
  JAEGER_QUERY_URL: envOptional(url("Jaeger's query API")),
  JAEGER_UI_URL: envOptional(url("Jaeger's UI")),
  PROMETHEUS_URL: envOptional(url('the Prometheus server holding the metrics')),
});
