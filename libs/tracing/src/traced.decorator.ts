import { SpanKind, context, trace } from '@opentelemetry/api';
import { runInSpan } from './run-in-span';
import { TRACER_NAME } from './tracer';
import type { AttributesFromArgs, TracedOptions } from './types';
import { copyMetadata } from './utils';

/**
 * Wraps a method in a span named `name` (default `Class.method`), active for nested calls, ended
 * when the method's Promise settles or its Observable completes. Keeps the original's name and
 * every reflect-metadata key, so Nest decorators work whether they sit above or below this one.
 */
export function Traced(name?: string, options: TracedOptions = {}): MethodDecorator {
  return (target, propertyKey, descriptor: PropertyDescriptor) => {
    const original = descriptor.value;
    if (typeof original !== 'function')
      throw new TypeError(`@Traced() needs a method, ${String(propertyKey)} is not one`);
    const spanName = name ?? `${target.constructor.name}.${String(propertyKey)}`;

    const wrapped = function (this: unknown, ...args: unknown[]) {
      const attributes =
        typeof options.attributes === 'function' ? safeAttributes(options.attributes, args) : options.attributes;
      const parent = context.active();
      const span = trace
        .getTracer(TRACER_NAME)
        .startSpan(spanName, { kind: options.kind ?? SpanKind.INTERNAL, attributes }, parent);
      return runInSpan(span, parent, () => original.apply(this, args));
    };

    Object.defineProperty(wrapped, 'name', { value: original.name, configurable: true });
    copyMetadata(original, wrapped);
    descriptor.value = wrapped;
    return descriptor;
  };
}

/** A failing attribute function must never break the traced method itself. */
function safeAttributes(fn: AttributesFromArgs, args: unknown[]) {
  try {
    return fn(...args);
  } catch {
    return undefined;
  }
}
