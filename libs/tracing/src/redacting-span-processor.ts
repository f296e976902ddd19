import type { Context } from '@opentelemetry/api';
import type { ReadableSpan, Span, SpanProcessor } from '@opentelemetry/sdk-trace';

/**
 * HTTP server span attributes that describe the caller rather than the request: personal data
 * under most privacy laws, and nothing an operator needs to follow an order.
 */
export const CALLER_ATTRIBUTES = [
  'client.address',
  'client.port',
  'network.peer.address',
  'network.peer.port',
  'user_agent.original',
] as const;

/**
 * Passes ended spans on to `next` without the named attributes. The instrumentations set them with
 * no switch to turn them off, and the exported span is the only place they can be left out.
 */
export class RedactingSpanProcessor implements SpanProcessor {
  private readonly drop: ReadonlySet<string>;

  constructor(
    private readonly next: SpanProcessor,
    attributes: readonly string[] = CALLER_ATTRIBUTES,
  ) {
    this.drop = new Set(attributes);
  }

  onStart(span: Span, parentContext: Context): void {
    this.next.onStart(span, parentContext);
  }

  onEnd(span: ReadableSpan): void {
    const keys = Object.keys(span.attributes);
    if (!keys.some((k) => this.drop.has(k))) return this.next.onEnd(span);
    const attributes = Object.fromEntries(keys.filter((k) => !this.drop.has(k)).map((k) => [k, span.attributes[k]]));
    // A view of the span with other attributes; everything else reads through to the span itself.
    this.next.onEnd(
      new Proxy(span, {
        get: (target, prop) => (prop === 'attributes' ? attributes : Reflect.get(target, prop, target)),
      }),
    );
  }

  forceFlush(): Promise<void> {
    return this.next.forceFlush();
  }

  shutdown(): Promise<void> {
    return this.next.shutdown();
  }
}
