'use strict';
// (C) in the benchmark: the fastest plain relay over the same topics and hops, with kafkajs alone
// (no NestJS, no tracing, no validation work): ituna-orders -> kitchen-orders -> orders-ready.
const { Kafka, logLevel } = require('kafkajs');

const kafka = new Kafka({ clientId: 'bench-relay', brokers: (process.env.KAFKA_BROKERS || '127.0.0.1:9092').split(','), logLevel: logLevel.NOTHING });
const producer = kafka.producer({ allowAutoTopicCreation: false });

async function relay(groupId, from, to, transform) {
  const consumer = kafka.consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topic: from, fromBeginning: false });
  await consumer.run({
    partitionsConsumedConcurrently: 3,
    eachMessage: async ({ message }) => {
      const order = JSON.parse(message.value.toString());
      await producer.send({ topic: to, acks: -1, messages: [{ key: message.key, value: JSON.stringify(transform(order)) }] });
    },
  });
  return consumer;
}

async function main() {
  await producer.connect();
  const consumers = [
    await relay('bench-relay-validation', 'ituna-orders', 'kitchen-orders', (o) => o),
    await relay('bench-relay-kitchen', 'kitchen-orders', 'orders-ready', (o) => ({ orderId: o.orderId, channel: o.channel, readyAt: new Date().toISOString() })),
  ];
  process.send?.('ready');
  const stop = async () => {
    await Promise.all(consumers.map((c) => c.disconnect()));
    await producer.disconnect();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
