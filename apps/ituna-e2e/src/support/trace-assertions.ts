import { JaegerSpan, JaegerTrace, serviceOf, tag } from './jaeger';
import { instanceOf } from '@ituna/trace-analysis';

/** Spans of a trace by operation name, with their service and parent (the first reference). */
export class TraceView {
  constructor(readonly trace: JaegerTrace) {}

  all(name: string): JaegerSpan[] {
    return this.trace.spans.filter((s) => s.operationName === name);
  }

  one(name: string): JaegerSpan {
    const found = this.all(name);
    if (found.length !== 1)
      throw new Error(`expected one "${name}" span, found ${found.length}: ${this.names().join(', ')}`);
    return found[0];
  }

  names(): string[] {
    return this.trace.spans.map((s) => s.operationName).sort();
  }

  services(): string[] {
    return [...new Set(this.trace.spans.map((s) => serviceOf(this.trace, s)))].sort();
  }

  serviceOf(span: JaegerSpan): string {
    return serviceOf(this.trace, span);
  }

  /** The `service.instance.id` of the process that made the span (Jaeger shows resource attributes as process tags). */
  instanceOf(span: JaegerSpan): string | undefined {
    return instanceOf(this.trace, span);
  }

  /** The parent span id. Jaeger shows a parent that is also linked as FOLLOWS_FROM, so any reference in the trace counts. */
  parentOf(span: JaegerSpan): JaegerSpan | undefined {
    const ref = span.references.find((r) => r.traceID === span.traceID);
    return this.trace.spans.find((s) => s.spanID === ref?.spanID);
  }

  /** Asserts that each span's parent is the one before it in the chain. */
  chain(...names: string[]): void {
    for (let i = 1; i < names.length; i++) {
      const child = this.one(names[i]);
      const parent = this.parentOf(child);
      if (parent?.operationName !== names[i - 1])
        throw new Error(`parent of "${names[i]}" is "${parent?.operationName}", expected "${names[i - 1]}"`);
    }
  }

  tag(span: JaegerSpan, key: string): unknown {
    return tag(span, key);
  }
}
