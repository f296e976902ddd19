// A NestJS Kafka app that is not ITuna, using @ituna/tracing as an installed package: all an
// outside team writes to get one trace across its Kafka hops (the e2e test package/outside-app
// installs it in a folder of its own and reads the trace back from Jaeger).
import './instrumentation';
import { Controller, Inject, Injectable, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ClientKafka, ClientsModule, EventPattern, KafkaOptions, Payload, Transport } from '@nestjs/microservices';
import { KafkaTracingInterceptor, Traced, TracingModule, emitTraced, kafkaConsumerGroup } from '@ituna/tracing';
import pino from 'pino';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const [IN, MID, OUT] = ['IN_TOPIC', 'MID_TOPIC', 'OUT_TOPIC'].map((name) => process.env[name] ?? name.toLowerCase());
const logger = pino();

const kafka: KafkaOptions = {
  transport: Transport.KAFKA,
  options: {
    client: { clientId: 'outside-app', brokers },
    consumer: { groupId: process.env.GROUP_ID ?? 'outside-app' },
  },
};

@Injectable()
class Greeter {
  @Traced('greet', { attributes: (name: string) => ({ 'app.name.length': name.length }) })
  async greet(name: string): Promise<string> {
    logger.info({ name }, 'greeting');
    return `hello ${name}`;
  }
}

@Controller()
class Handlers {
  constructor(
    private readonly greeter: Greeter,
    @Inject('KAFKA') private readonly client: ClientKafka,
  ) {}

  @EventPattern(IN)
  async first(@Payload() name: string): Promise<void> {
    const greeting = await this.greeter.greet(name);
    await emitTraced(this.client, MID, { key: name, value: greeting });
  }

  @EventPattern(MID)
  async second(@Payload() greeting: string): Promise<void> {
    logger.info({ greeting }, 'second hop');
    await emitTraced(this.client, OUT, { key: 'done', value: greeting });
  }
}

@Module({
  imports: [
    TracingModule.forRoot({ consumerGroup: kafkaConsumerGroup(kafka.options) }),
    ClientsModule.register([
      {
        name: 'KAFKA',
        transport: Transport.KAFKA,
        options: { client: { clientId: 'outside-app-producer', brokers }, producerOnlyMode: true },
      },
    ]),
  ],
  controllers: [Handlers],
  providers: [Greeter],
})
class AppModule {}

async function main(): Promise<void> {
  const app = await NestFactory.createMicroservice(AppModule, kafka);
  app.useGlobalInterceptors(app.get(KafkaTracingInterceptor));
  app.enableShutdownHooks();
  await app.listen();
  logger.info('outside-app listening');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
