import { NestFactory } from '@nestjs/core';
import { AppModule } from './app/app.module';

/** The insights page: where the time goes, the slowest orders, one order's waterfall. Works against any Jaeger. */
async function main() {
  // Warnings and errors only: NestJS's per-module and per-route start-up lines would bury the one
  // line below (LOG_LEVEL=debug shows them).
  const app = await NestFactory.create(AppModule, { logger: /^(debug|trace)$/.test(process.env.LOG_LEVEL ?? '') ? ['error', 'warn', 'log', 'debug'] : ['error', 'warn'] });
  app.enableShutdownHooks();
  const port = Number(process.env.PORT ?? 3006);
  await app.listen(port, process.env.HOST ?? '0.0.0.0');
  console.log(`ITuna insights on http://127.0.0.1:${port} (Jaeger API ${process.env.JAEGER_QUERY_URL ?? 'http://127.0.0.1:16686'})`);
}

main().catch((err) => {
  console.error(`insights failed to start: ${err?.stack ?? err}`);
  process.exit(1);
});
