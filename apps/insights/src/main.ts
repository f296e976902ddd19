import { NestFactory } from '@nestjs/core';
import { AppModule } from './app/app.module';
import { INSIGHTS_PORT, jaegerQueryUrlFrom } from '@ituna/contracts';

/** The insights page: where the time goes, the slowest orders, one order's waterfall. Works against any Jaeger. */
async function main() {
  // Warnings and errors only: NestJS's per-module and per-route start-up lines would bury the one
  // line below (LOG_LEVEL=debug shows them).
  const app = await NestFactory.create(AppModule, {
    logger: /^(debug|trace)$/.test(process.env.LOG_LEVEL ?? '') ? ['error', 'warn', 'log', 'debug'] : ['error', 'warn'],
  });
  app.enableShutdownHooks();
  const port = Number(process.env.PORT ?? INSIGHTS_PORT);
  await app.listen(port, process.env.HOST ?? '0.0.0.0');
  console.log(`ITuna insights on http://127.0.0.1:${port} (Jaeger API ${jaegerQueryUrlFrom()})`);
}

main().catch((err) => {
  console.error(`insights failed to start: ${err?.stack ?? err}`);
  process.exit(1);
});
