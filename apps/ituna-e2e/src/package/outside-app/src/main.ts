// A NestJS Kafka app that is not ITuna, using @ituna/tracing as an installed package: all an
// outside team writes to get one trace across its Kafka hops (the e2e test package/outside-app
// installs it in a folder of its own and reads the trace back from Jaeger).
import './instrumentation.js';
import { Controller, Inject, Injectable, Module, OnModuleDestroy, OnModuleInit, UseInterceptors } from '@nestjs/common';
import { APP_INTERCEPTOR, NestFactory } from '@nestjs/core';
import { ClientKafka, ClientsModule, EventPattern, KafkaOptions, Payload, Transport } from '@nestjs/microservices';
import {
  KafkaTracingInterceptor,
  Traced,
  TracingModule,
  emitTraced,
  kafkaConsumerGroup,
  processTraced,
} from '@ituna/tracing';
import { Consumer, Kafka } from 'kafkajs';
import pino from 'pino';

const brokers = (process.env.KAFKA_BROKERS ?? '127.0.0.1:9092').split(',');
const [IN, MID, OUT, BATCH] = ['IN_TOPIC', 'MID_TOPIC', 'OUT_TOPIC', 'BATCH_TOPIC'].map(
  (name) => process.env[name] ?? name.toLowerCase(),
);
const logger = pino();

/**
 * How the app is laid out and registers the interceptor (the e2e tries each): a Kafka
 * microservice, or a hybrid HTTP + Kafka app; the interceptor global before or after
 * connectMicroservice, the app's own APP_INTERCEPTOR, per controller, or not at all.
 */
const LAYOUT = process.env.LAYOUT ?? 'microservice';
const REGISTER = process.env.REGISTER ?? 'before';
const INHERIT_APP_CONFIG = process.env.INHERIT_APP_CONFIG === 'true';

const kafka: KafkaOptions = {
  transport: Transport.KAFKA,
  options: {
    client: { clientId: 'outside-app', brokers },
    consumer: { groupId: process.env.GROUP_ID ?? 'outside-app' },
    // A new group starts at the log's start, not its end: from the end, kafkajs fixes the offset at
    // its first fetch, after listen() resolved, and a message produced in between is skipped.
    subscribe: { fromBeginning: true },
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

@Injectable()
class Packer {
  @Traced('pack')
  async pack(parcel: string): Promise<void> {
    await new Promise((r) => setTimeout(r, 20));
    logger.info({ parcel }, 'packed');
  }
}

/** A kafkajs consumer of its own, fed batch by batch: processTraced gives each message its span. */
@Injectable()
class BatchConsumer implements OnModuleInit, OnModuleDestroy {
  private readonly consumer: Consumer;
  private readonly group = `${process.env.GROUP_ID ?? 'outside-app'}-batch`;

  constructor(private readonly packer: Packer) {
    this.consumer = new Kafka({ clientId: 'outside-app-batch', brokers }).consumer({ groupId: this.group });
  }

  async onModuleInit(): Promise<void> {
    await this.consumer.connect();
    await this.consumer.subscribe({ topics: [BATCH], fromBeginning: true });
    await this.consumer.run({
      eachBatch: async ({ batch, resolveOffset, heartbeat }) => {
        logger.info({ messages: batch.messages.length }, 'batch');
        for (const message of batch.messages) {
          await processTraced(batch, message, () => this.packer.pack(String(message.value)), {
            consumerGroup: this.group,
          });
          resolveOffset(message.offset);
          await heartbeat();
        }
      },
    });
  }

  async onModuleDestroy(): Promise<void> {
    await this.consumer.disconnect();
  }
}

@Controller()
@UseInterceptors(...(REGISTER === 'controller' ? [KafkaTracingInterceptor] : []))
class Handlers {
  constructor(
    private readonly greeter: Greeter,
    @Inject('KAFKA') private readonly client: ClientKafka,
  ) {}

  @EventPattern<string>(IN)
  async first(@Payload() name: string): Promise<void> {
    const greeting = await this.greeter.greet(name);
    await emitTraced(this.client, MID, { key: name, value: greeting });
  }

  @EventPattern<string>(MID)
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
  providers: [
    Greeter,
    Packer,
    BatchConsumer,
    ...(REGISTER === 'app-interceptor' ? [{ provide: APP_INTERCEPTOR, useClass: KafkaTracingInterceptor }] : []),
  ],
})
class AppModule {}

async function main(): Promise<void> {
  if (LAYOUT === 'hybrid') {
    const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
    if (REGISTER === 'before') app.useGlobalInterceptors(app.get(KafkaTracingInterceptor));
    app.connectMicroservice(kafka, { inheritAppConfig: INHERIT_APP_CONFIG });
    if (REGISTER === 'after') app.useGlobalInterceptors(app.get(KafkaTracingInterceptor));
    app.enableShutdownHooks();
    await app.startAllMicroservices();
    await app.listen(0, '127.0.0.1');
  } else {
    const app = await NestFactory.createMicroservice(AppModule, kafka);
    app.useGlobalInterceptors(app.get(KafkaTracingInterceptor));
    app.enableShutdownHooks();
    await app.listen();
  }
  logger.info({ layout: LAYOUT, register: REGISTER, inheritAppConfig: INHERIT_APP_CONFIG }, 'outside-app listening');
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
