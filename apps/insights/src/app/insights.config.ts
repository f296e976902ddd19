import { registerAs } from '@nestjs/config';
import { INSIGHTS_PORT, jaegerQueryUrlFrom, parseEnv } from '@ituna/contracts';
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
}

/** The environment, checked by InsightsEnvSchema (the CLI reads it this way too). */
export function loadInsightsConfig(env: NodeJS.ProcessEnv = process.env): InsightsConfig {
  const vars = parseEnv(InsightsEnvSchema, env);
  const jaegerQueryUrl = jaegerQueryUrlFrom({ JAEGER_QUERY_URL: vars.JAEGER_QUERY_URL });
  return {
    port: vars.PORT ?? INSIGHTS_PORT,
    host: vars.HOST ?? '0.0.0.0',
    verbose: /^(debug|trace)$/.test(vars.LOG_LEVEL ?? ''),
    jaegerQueryUrl,
    jaegerUiUrl: vars.JAEGER_UI_URL ?? jaegerQueryUrl,
  };
}

/** `ConfigService.get<InsightsConfig>('insights')`. */
export const insightsConfig = registerAs(INSIGHTS_CONFIG, () => loadInsightsConfig());
