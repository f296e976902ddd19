import { getNodeAutoInstrumentations } from '@opentelemetry/auto-instrumentations-node';
import type { Instrumentation } from '@opentelemetry/instrumentation';
import { ExpressLayerType } from '@opentelemetry/instrumentation-express';
import { callerSpanContext } from './edge-context-filter';
import type { InstrumentationSwitches } from './types';

/**
 * The auto-instrumentations a NestJS service on Kafka needs, from
 * `@opentelemetry/auto-instrumentations-node`, configured. When OTEL_NODE_ENABLED_INSTRUMENTATIONS
 * is unset it defaults to these (http, express, pino, and kafkajs when its switch is on), not to
 * the package's whole list: fs, dns, net, undici and the database clients would add spans or
 * patching that nothing here uses. Set, it decides, and OTEL_NODE_DISABLED_INSTRUMENTATIONS
 * removes from either list, as the package documents.
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
  return withEnv(
    {
      OTEL_NODE_ENABLED_INSTRUMENTATIONS: enabled,
      OTEL_NODE_DISABLED_INSTRUMENTATIONS: env.OTEL_NODE_DISABLED_INSTRUMENTATIONS,
    },
    () =>
      getNodeAutoInstrumentations({
        '@opentelemetry/instrumentation-http': {
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
        '@opentelemetry/instrumentation-express': {
          ignoreLayersType: [ExpressLayerType.MIDDLEWARE, ExpressLayerType.REQUEST_HANDLER, ExpressLayerType.ROUTER],
        },
        // Correlation only: trace_id, span_id and trace_flags on each line; logs stay on stdout.
        '@opentelemetry/instrumentation-pino': { disableLogSending: true },
      }),
  );
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
