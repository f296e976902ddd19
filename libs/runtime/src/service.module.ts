import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { KAFKA_BEFORE_COMMIT, KafkaModule, consumerGroupOf, kafkaEnv } from '@ituna/kafka';
import { TracingModule } from '@ituna/tracing';
import { SPANS, parseEnv } from '@ituna/contracts';
import type { ServiceName } from '@ituna/contracts';
import type { z } from 'zod';
import { FaultInjector } from './fault-injector.service';
import { HealthController } from './health.controller';
import { itunaConfig } from './ituna.config';
import { ServiceLoggerModule } from './service-logger.module';
import { ServiceEnvSchema } from './service-env.schema';

/** What every ITuna service has: config, logs, tracing, Kafka producer and `GET /health`. */
@Module({})
export class ServiceModule {
  /**
   * `envSchema`: the service's one environment schema (ServiceEnvSchema extended with its own
   * variables), checked by ConfigModule before anything starts; a bad value stops the service,
   * naming every bad variable.
   */
  static forService(
    serviceName: ServiceName,
    envSchema: z.ZodType<Record<string, unknown>> = ServiceEnvSchema,
  ): DynamicModule {
    return {
      module: ServiceModule,
      global: true,
      imports: [
        ConfigModule.forRoot({
          isGlobal: true,
          ignoreEnvFile: true,
          validate: (env) => {
            const vars = parseEnv(envSchema, env);
            kafkaEnv(env); // and libs/kafka's checks across variables (SASL credentials, the CA file)
            return vars;
          },
          load: [itunaConfig(serviceName)],
        }),
        ServiceLoggerModule.forService(serviceName),
        // The group as Kafka sees it, on every CONSUMER span (services that only produce never use it).
        TracingModule.forRoot({ consumerGroup: consumerGroupOf(serviceName) }),
        KafkaModule.forService(serviceName),
        TerminusModule,
      ],
      controllers: [HealthController],
      providers: [
        FaultInjector,
        // Fault step `commit-transaction`: each transaction held open that long before its commit.
        {
          provide: KAFKA_BEFORE_COMMIT,
          useFactory: (faults: FaultInjector) => () => faults.apply(SPANS.commitTransaction),
          inject: [FaultInjector],
        },
      ],
      exports: [KafkaModule, ConfigModule, FaultInjector, KAFKA_BEFORE_COMMIT],
    };
  }
}
