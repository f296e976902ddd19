import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app/app.module';
import { INSIGHTS_CONFIG, InsightsConfig } from './app/insights.config';

/** The insights page: where the time goes, the slowest orders, one order's waterfall. Works against any Jaeger. */
async function main() {
  // Warnings and errors only until the configuration says otherwise: NestJS's per-module and
  // per-route start-up lines would bury the one line below (LOG_LEVEL=debug shows them).
  const app = await NestFactory.create(AppModule, { bufferLogs: true });
  const config = app.get(ConfigService).getOrThrow<InsightsConfig>(INSIGHTS_CONFIG);
  app.useLogger(config.verbose ? ['error', 'warn', 'log', 'debug'] : ['error', 'warn']);
  app.flushLogs();
  app.enableShutdownHooks();
  await app.listen(config.port, config.host);
  console.log(`ITuna insights on http://127.0.0.1:${config.port} (Jaeger API ${config.jaegerQueryUrl})`);
}

main().catch((err) => {
  console.error(`insights failed to start: ${err?.stack ?? err}`);
  process.exit(1);
});
