// First import of main.ts: the OpenTelemetry SDK must be running before NestJS, express, pino
// and kafkajs are loaded, or their auto-instrumentation cannot hook in.
import { startTracing } from '@ituna/tracing';
import { SERVICE_NAME } from './app/service-name';

startTracing({ serviceName: SERVICE_NAME });
