import { registerAs } from '@nestjs/config';
import { INSIGHTS_PORT, jaegerQueryUrlFrom, parseEnv, prometheusUrlFrom } from '@ituna/contracts';
import { InsightsEnvSchema } from './insights-env.schema';

export const INSIGHTS_CONFIG = 'insights';

export interface InsightsConfig {
  port: number;
  host: string;
  /** Nest's own start-up lines too (LOG_LEVEL debug or trace). */
  verbose: boolean;
  jaegerQueryUrl: string;
  /** Where a trace's Jaeger page is linked (JAEGER_UI_URL, else the query API's address). */
  jaegerUiUrl: string;
  /** The Prometheus server holding the RED metrics and the lag (PROMETHEUS_URL). */
  prometheusUrl: string;
}

/** Where Jaeger and Prometheus are (JAEGER_QUERY_URL, JAEGER_UI_URL, PROMETHEUS_URL), checked: all the CLI reads. */
export function backendUrlsFrom(
  env: NodeJS.ProcessEnv = process.env,
): Pick<InsightsConfig, 'jaegerQueryUrl' | 'jaegerUiUrl' | 'prometheusUrl'> {
  const vars = parseEnv(
    InsightsEnvSchema.pick({ JAEGER_QUERY_URL: true, JAEGER_UI_URL: true, PROMETHEUS_URL: true }),
    env,
  );
  const jaegerQueryUrl = jaegerQueryUrlFrom({ JAEGER_QUERY_URL: vars.JAEGER_QUERY_URL });
  return {
    jaegerQueryUrl,
    jaegerUiUrl: vars.JAEGER_UI_URL ?? jaegerQueryUrl,
    prometheusUrl: prometheusUrlFrom({ PROMETHEUS_URL: vars.PROMETHEUS_URL }),
  };
}

/** The page's environment, checked by InsightsEnvSchema. */
export function loadInsightsConfig(env: NodeJS.ProcessEnv = process.env): InsightsConfig {
  const vars = parseEnv(InsightsEnvSchema, env);
  return {
    port: vars.PORT ?? INSIGHTS_PORT,
    host: vars.HOST ?? '0.0.0.0',
    verbose: /^(debug|trace)$/.test(vars.LOG_LEVEL ?? ''),
    ...backendUrlsFrom(env),
  };
}

/** `ConfigService.get<InsightsConfig>('insights')`. */
export const insightsConfig = registerAs(INSIGHTS_CONFIG, () => loadInsightsConfig());
