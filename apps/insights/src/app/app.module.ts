import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { parseEnv } from '@ituna/contracts';
import { InsightsEnvSchema } from './insights-env.schema';
import { insightsConfig } from './insights.config';
import { InsightsController } from './insights.controller';
import { InsightsService } from './insights.service';

@Module({
  imports: [
    ConfigModule.forRoot({
      isGlobal: true,
      ignoreEnvFile: true,
      validate: (env) => parseEnv(InsightsEnvSchema, env),
      load: [insightsConfig],
    }),
  ],
  controllers: [InsightsController],
  providers: [InsightsService],
})
export class AppModule {}
