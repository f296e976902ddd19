import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { KafkaModule } from '@ituna/kafka';
import { TracingModule } from '@ituna/tracing';
import { FaultInjector } from './fault-injector.service';
import { HealthController } from './health.controller';
import { itunaConfig } from './ituna.config';
import { ServiceLoggerModule } from './logger.module';

/** What every ITuna service has: config, logs, tracing, Kafka producer and `GET /health`. */
@Module({})
export class ServiceModule {
  static forService(serviceName: string): DynamicModule {
    return {
      module: ServiceModule,
      global: true,
      imports: [
        ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [itunaConfig(serviceName)] }),
        ServiceLoggerModule.forService(serviceName),
        TracingModule,
        KafkaModule.forService(serviceName),
        TerminusModule,
      ],
      controllers: [HealthController],
      providers: [FaultInjector],
      exports: [KafkaModule, ConfigModule, FaultInjector],
    };
  }
}
