import type { Instrumentation } from '@opentelemetry/instrumentation';
import { ExpressLayerType, type ExpressInstrumentationConfig } from '@opentelemetry/instrumentation-express';
import type { HttpInstrumentationConfig } from '@opentelemetry/instrumentation-http';
import type { PinoInstrumentationConfig } from '@opentelemetry/instrumentation-pino';
import { callerSpanContext } from './edge-context-filter';
import type { InstrumentationSwitches } from './types';

/* eslint-disable @typescript-eslint/no-require-imports -- each instrumentation is loaded only when used */
/**
 * The instrumentations a NestJS service on Kafka uses, made here from their own packages:
 * `@opentelemetry/auto-instrumentations-node` loads all of its 40-odd instrumentations (and the
 * cloud resource detectors) as soon as it is required, a large part of a service's start. The
 * package is still the one that decides for any other name.
 */
const OWN: Record<string, (configs: Configs) => Instrumentation> = {
  http: (c) =>
    new (
      require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http')
    ).HttpInstrumentation(c.http),
  express: (c) =>
    new (
      require('@opentelemetry/instrumentation-express') as typeof import('@opentelemetry/instrumentation-express')
    ).ExpressInstrumentation(c.express),
  pino: (c) =>
    new (
      require('@opentelemetry/instrumentation-pino') as typeof import('@opentelemetry/instrumentation-pino')
    ).PinoInstrumentation(c.pino),
  kafkajs: () =>
    new (
      require('@opentelemetry/instrumentation-kafkajs') as typeof import('@opentelemetry/instrumentation-kafkajs')
    ).KafkaJsInstrumentation(),
  'nestjs-core': () =>
    new (
      require('@opentelemetry/instrumentation-nestjs-core') as typeof import('@opentelemetry/instrumentation-nestjs-core')
    ).NestInstrumentation(),
};
const autoInstrumentationsNode = () =>
  require('@opentelemetry/auto-instrumentations-node') as typeof import('@opentelemetry/auto-instrumentations-node');
/* eslint-enable @typescript-eslint/no-require-imports */

interface Configs {
  http: HttpInstrumentationConfig;
  express: ExpressInstrumentationConfig;
  pino: PinoInstrumentationConfig;
}

/**
 * The auto-instrumentations a NestJS service on Kafka needs, configured. When
 * OTEL_NODE_ENABLED_INSTRUMENTATIONS is unset it defaults to these (http, express, pino, and
 * kafkajs when its switch is on), not to `@opentelemetry/auto-instrumentations-node`'s whole
 * list: fs, dns, net, undici and the database clients would add spans or patching that nothing
 * here uses. Set, it decides, and OTEL_NODE_DISABLED_INSTRUMENTATIONS removes from either list,
 * as that package documents; a name outside the five above is that package's to make.
 */
export function autoInstrumentations(
  switches: InstrumentationSwitches = {},
  trustHttp = true,
  env: NodeJS.ProcessEnv = process.env,
): Instrumentation[] {
  const on = { http: true, express: true, pino: true, kafkajs: false, nestjsCore: false, ...switches };
  const defaults = [
    on.http && 'http',
    on.express && 'express',
    on.pino && 'pino',
    on.kafkajs && 'kafkajs',
    on.nestjsCore && 'nestjs-core',
  ].filter(Boolean);
  const enabled = env.OTEL_NODE_ENABLED_INSTRUMENTATIONS?.trim() || defaults.join(',');
  // An empty list means "all" to the package.
  if (!enabled) return [];
  const configs = instrumentationConfigs(trustHttp);
  const list = (text: string | undefined) =>
    (text ?? '')
      .split(',')
      .map((n) => n.trim())
      .filter(Boolean);
  const disabled = new Set(list(env.OTEL_NODE_DISABLED_INSTRUMENTATIONS));
  const names = list(enabled).filter((name) => !disabled.has(name));
  if (names.every((name) => name in OWN)) return names.map((name) => OWN[name](configs));
  return withEnv(
    {
      OTEL_NODE_ENABLED_INSTRUMENTATIONS: enabled,
      OTEL_NODE_DISABLED_INSTRUMENTATIONS: env.OTEL_NODE_DISABLED_INSTRUMENTATIONS,
    },
    () =>
      autoInstrumentationsNode().getNodeAutoInstrumentations({
        '@opentelemetry/instrumentation-http': configs.http,
        '@opentelemetry/instrumentation-express': configs.express,
        '@opentelemetry/instrumentation-pino': configs.pino,
      }),
  );
}

function instrumentationConfigs(trustHttp: boolean): Configs {
  return {
    http: {
      // Health probes every few seconds would bury the orders in noise.
      ignoreIncomingRequestHook: (req) => req.url === '/health',
      // Untrusted edge: the server span starts a new trace; the caller's context stays visible as a link.
      ...(trustHttp
        ? {}
        : {
            requestHook: (span, request) => {
              if (!('headers' in request) || 'getHeader' in request) return;
              const caller = callerSpanContext(request);
              if (caller)
                span.addLink({ context: caller, attributes: { 'ituna.link.reason': 'untrusted caller context' } });
            },
          }),
    },
    // Express adds the route to the HTTP span's name ("POST /orders"); its per-middleware spans are
    // noise here, and without them a handler's spans sit right under the HTTP server span.
    express: {
      ignoreLayersType: [ExpressLayerType.MIDDLEWARE, ExpressLayerType.REQUEST_HANDLER, ExpressLayerType.ROUTER],
    },
    // Correlation only: trace_id, span_id and trace_flags on each line; logs stay on stdout.
    pino: { disableLogSending: true },
  };
}

/** The package reads its two variables from process.env only: they are set for the call and put back. */
function withEnv<T>(values: Record<string, string | undefined>, fn: () => T): T {
  const saved = Object.fromEntries(Object.keys(values).map((name) => [name, process.env[name]]));
  const assign = (from: Record<string, string | undefined>) => {
    for (const [name, value] of Object.entries(from)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  };
  assign(values);
  try {
    return fn();
  } finally {
    assign(saved);
  }
}
