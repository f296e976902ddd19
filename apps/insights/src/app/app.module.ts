import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { parseEnv } from '@ituna/contracts';
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
  ],
  controllers: [InsightsController, ConsumerLagController],
  providers: [InsightsService, ConsumerLagMetrics],
})
export class AppModule {}
