// The first import of main.ts: the SDK starts before NestJS, kafkajs and pino load.
import { startTracing } from '@ituna/tracing';

startTracing({ serviceName: 'outside-app' });
