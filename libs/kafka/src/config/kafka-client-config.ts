import { readFileSync } from 'node:fs';
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import { kafkaBrokersFrom } from '@ituna/contracts';
import { registerCompressionCodecs } from '../compression/compression';
import { KafkaEnv, kafkaEnv } from './kafka-env.schema';
import { kafkaLogCreator } from './kafka-log-creator';

/**
 * kafkajs client settings from the environment (documented in the README):
 * KAFKA_BROKERS, KAFKA_SSL, KAFKA_SSL_CA_FILE, KAFKA_SSL_REJECT_UNAUTHORIZED,
 * KAFKA_SASL_MECHANISM (scram-sha-512 | scram-sha-256 | plain), KAFKA_SASL_USERNAME, KAFKA_SASL_PASSWORD.
 * Every client made from it reads all of Kafka's codecs (gzip, snappy, lz4, zstd).
 */
export function kafkaClientConfig(clientId: string, env: NodeJS.ProcessEnv = process.env): KafkaConfig {
  registerCompressionCodecs();
  const vars = kafkaEnv(env);
  return {
    clientId,
    brokers: kafkaBrokersFrom(env),
    ssl: sslOptions(vars),
    sasl: saslOptions(vars),
    logCreator: kafkaLogCreator('KafkaJS'),
    connectionTimeout: 3000,
    // Short retries: a write that cannot be made soon is answered 503, never held for half a minute.
    retry: { initialRetryTime: 200, retries: 5, maxRetryTime: 2000 },
  };
}

function sslOptions(vars: KafkaEnv): KafkaConfig['ssl'] {
  if (!vars.KAFKA_SSL && !vars.KAFKA_SSL_CA_FILE) return undefined;
  return {
    rejectUnauthorized: vars.KAFKA_SSL_REJECT_UNAUTHORIZED ?? true,
    ...(vars.KAFKA_SSL_CA_FILE ? { ca: [readFileSync(vars.KAFKA_SSL_CA_FILE, 'utf8')] } : {}),
  };
}

function saslOptions(vars: KafkaEnv): SASLOptions | undefined {
  const mechanism = vars.KAFKA_SASL_MECHANISM;
  if (!mechanism) return undefined;
  // kafkaEnv has checked that both are set.
  const username = vars.KAFKA_SASL_USERNAME ?? '';
  const password = vars.KAFKA_SASL_PASSWORD ?? '';
  return { mechanism, username, password } as SASLOptions;
}
