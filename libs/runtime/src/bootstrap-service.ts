import { INestApplication, Logger as NestLogger, Type } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { NestFactory } from '@nestjs/core';
import { MicroserviceOptions } from '@nestjs/microservices';
import { Logger } from 'nestjs-pino';
import { ALL_TOPICS, TOPIC_PARTITIONS } from '@ituna/contracts';
import {
  FatalConsumerErrorFilter,
  KAFKA_SETTINGS,
  KafkaClient,
  KafkaConsumerSupervisor,
  KafkaDeliveryInterceptor,
  ensureTopics,
  kafkaConsumerOptions,
  waitForGroupCoordinator,
  type KafkaSettings,
} from '@ituna/kafka';
import { kafkaConsumerGroup } from '@ituna/tracing';
import { ITUNA_CONFIG, ItunaConfig } from './ituna.config';
import { jsonBody } from './json-body';

export interface ServiceDefinition {
  name: string;
  module: Type<unknown>;
  /** Consume with Nest's Kafka transport (a hybrid app: HTTP for /health, Kafka for orders). */
  consumesKafka?: boolean;
  /** Called before the app listens (e.g. to serve API documents). */
  configure?: (app: INestApplication) => void;
}

/**
 * Starts one ITuna service: topics, Nest app, pino logger, JSON body limits, the Kafka consumer
 * traced by TracingModule, graceful shutdown (consumer drained, then spans flushed).
 */
export async function bootstrapService(def: ServiceDefinition): Promise<INestApplication> {
  // First, since ConfigModule checks the environment as the app is made: a bad value stops the
  // service naming every bad variable, before it touches Kafka.
  const app = await NestFactory.create(def.module, { bufferLogs: true, bodyParser: false });
  const logger = app.get(Logger);
  app.useLogger(logger);
  // From here on every line goes straight to pino, in the context (and trace) it was logged in.
  app.flushLogs();

  const kafka = app.get(KafkaClient);
  await ensureTopics(kafka.admin, ALL_TOPICS, TOPIC_PARTITIONS);
  const options = def.consumesKafka ? kafkaConsumerOptions(app.get<KafkaSettings>(KAFKA_SETTINGS)) : undefined;
  if (options) await waitForGroupCoordinator(kafka.admin, kafkaConsumerGroup(options.options));
  const config = app.get(ConfigService).getOrThrow<ItunaConfig>(ITUNA_CONFIG);
  app.use(...jsonBody(config.bodyLimit));
  app.enableShutdownHooks();

  if (options) {
    // TracingModule opens each message's consumer span around the whole handler, so every try of
    // a handler and its dead letter are in it.
    app.useGlobalInterceptors(app.get(KafkaDeliveryInterceptor));
    app.useGlobalFilters(new FatalConsumerErrorFilter());
    // Nest's Kafka server, watched: a consumer that kafkajs stops is reported by /health and restarted.
    const server = app.get(KafkaConsumerSupervisor).createServer(options.options);
    app.connectMicroservice<MicroserviceOptions>({ strategy: server }, { inheritAppConfig: true });
    await app.startAllMicroservices();
  }
  def.configure?.(app);
  await app.listen(config.port, config.host);
  const startupMs = Math.round(process.uptime() * 1000);
  new NestLogger('Bootstrap').log(
    { port: config.port, startupMs },
    `${def.name} is up on port ${config.port} (${startupMs} ms after process start)`,
  );
  return app;
}
