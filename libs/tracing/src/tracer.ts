// The instrumentation scope of every span the library creates.
export const TRACER_NAME = '@ituna/tracing';
