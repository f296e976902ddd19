import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { parseEnv } from '@ituna/contracts';
import { HealthController } from './health/health.controller';
import { JaegerHealthIndicator } from './health/jaeger.health';
import { InsightsEnvSchema } from './insights-env.schema';
import { insightsConfig } from './insights.config';
import { InsightsController } from './insights.controller';
import { InsightsService } from './insights.service';
import { ConsumerLagController } from './lag/consumer-lag.controller';
import { ConsumerLagMetrics } from './lag/consumer-lag.metrics';

@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      ignoreEnvFile: true,
      validate: (env) => parseEnv(InsightsEnvSchema, env),
      load: [insightsConfig],
    }),
    // Terminus logs each failed check at ERROR; with Jaeger away that is every probe. The 503 says why.
    TerminusModule.forRoot({ logger: false }),
  ],
  controllers: [InsightsController, ConsumerLagController, HealthController],
  providers: [InsightsService, ConsumerLagMetrics, JaegerHealthIndicator],
})
export class AppModule {}
