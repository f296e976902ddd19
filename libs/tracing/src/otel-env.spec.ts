import { W3CBaggagePropagator, W3CTraceContextPropagator } from '@opentelemetry/core';
import { otlpProtocolFromEnv, propagatorFromEnv, tracesExportersFromEnv } from './otel-env';

describe('OTEL_TRACES_EXPORTER', () => {
  it('is otlp by default; console, both, or none (no exporter) on request, case and blanks aside', () => {
    expect(tracesExportersFromEnv({})).toEqual(['otlp']);
    expect(tracesExportersFromEnv({ OTEL_TRACES_EXPORTER: 'console' })).toEqual(['console']);
    expect(tracesExportersFromEnv({ OTEL_TRACES_EXPORTER: ' OTLP , console ' })).toEqual(['otlp', 'console']);
    expect(tracesExportersFromEnv({ OTEL_TRACES_EXPORTER: 'none' })).toEqual([]);
  });

  it('refuses an exporter it does not have, naming the variable and the choices', () => {
    expect(() => tracesExportersFromEnv({ OTEL_TRACES_EXPORTER: 'zipkin' })).toThrow(
      'OTEL_TRACES_EXPORTER="zipkin": "zipkin" not supported (use: otlp, console, none)',
    );
  });
});

describe('OTEL_EXPORTER_OTLP_PROTOCOL', () => {
  it('is grpc by default; the traces-specific variable wins over the general one', () => {
    expect(otlpProtocolFromEnv({})).toBe('grpc');
    expect(otlpProtocolFromEnv({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' })).toBe('http/protobuf');
    expect(
      otlpProtocolFromEnv({ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf', OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'grpc' }),
    ).toBe('grpc');
  });

  it('refuses an unknown protocol', () => {
    expect(() => otlpProtocolFromEnv({ OTEL_EXPORTER_OTLP_PROTOCOL: 'udp' })).toThrow(
      'OTEL_EXPORTER_OTLP_PROTOCOL="udp" is not supported (use one of: grpc, http/protobuf, http/json)',
    );
  });
});

describe('OTEL_PROPAGATORS', () => {
  it('is W3C trace context and baggage by default', () => {
    expect(propagatorFromEnv({})!.fields().sort()).toEqual(['baggage', 'traceparent', 'tracestate']);
  });

  it('takes one of them alone, or none', () => {
    expect(propagatorFromEnv({ OTEL_PROPAGATORS: 'tracecontext' })).toBeInstanceOf(W3CTraceContextPropagator);
    expect(propagatorFromEnv({ OTEL_PROPAGATORS: 'baggage' })).toBeInstanceOf(W3CBaggagePropagator);
    expect(propagatorFromEnv({ OTEL_PROPAGATORS: 'none' })).toBeUndefined();
  });

  it('refuses a propagator it does not have (b3 would need its package), rather than dropping it', () => {
    expect(() => propagatorFromEnv({ OTEL_PROPAGATORS: 'tracecontext,b3' })).toThrow(
      'OTEL_PROPAGATORS="tracecontext,b3": "b3" not supported (use: tracecontext, baggage, none)',
    );
  });
});
