import 'reflect-metadata';
import { SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { EventPattern, MessagePattern } from '@nestjs/microservices';
import { PATTERN_METADATA, PATTERN_HANDLER_METADATA } from '@nestjs/microservices/constants';
import { ParseIntPipe, UsePipes } from '@nestjs/common';
import { PIPES_METADATA } from '@nestjs/common/constants';
import { Observable, lastValueFrom, of, delay, throwError } from 'rxjs';
import { Traced } from './traced.decorator';
import { useInMemoryTracing } from './testing/in-memory-tracing';

const { spans } = useInMemoryTracing();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class Kitchen {
  @Traced()
  cook(dish: string) {
    return this.plate(dish);
  }

  @Traced('plate', { attributes: { station: 'pass' } })
  plate(dish: string) {
    return `${dish} plated`;
  }

  @Traced('slow-cook', { attributes: (dish: string) => ({ 'dish.length': dish.length }) })
  async slowCook(dish: string) {
    await sleep(30);
    return this.plate(dish);
  }

  @Traced('stream')
  stream(): Observable<string> {
    return of('a', 'b').pipe(delay(30));
  }

  @Traced('burn')
  async burn(): Promise<never> {
    await sleep(1);
    throw new TypeError('too hot');
  }

  @Traced('burn-sync')
  burnSync(): never {
    throw new RangeError('no fish');
  }

  @Traced('burn-stream')
  burnStream(): Observable<never> {
    return throwError(() => new Error('stream broke'));
  }

  @Traced('consumer-work', { kind: SpanKind.CONSUMER })
  work() {
    return trace.getActiveSpan();
  }
}

const byName = (name: string) => spans().find((s) => s.name === name)!;

describe('@Traced', () => {
  const kitchen = new Kitchen();

  it('names the span Class.method by default and nests calls under the active span', () => {
    expect(kitchen.cook('maki')).toBe('maki plated');
    const outer = byName('Kitchen.cook');
    const inner = byName('plate');
    expect(inner.parentSpanContext?.spanId).toBe(outer.spanContext().spanId);
    expect(inner.spanContext().traceId).toBe(outer.spanContext().traceId);
    expect(inner.attributes).toEqual({ station: 'pass' });
  });

  it('ends the span of a Promise when it settles, with attributes computed from the arguments', async () => {
    await expect(kitchen.slowCook('nigiri')).resolves.toBe('nigiri plated');
    const span = byName('slow-cook');
    expect(span.attributes['dish.length']).toBe(6);
    expect(span.duration[0] * 1e3 + span.duration[1] / 1e6).toBeGreaterThanOrEqual(25);
    expect(byName('plate').parentSpanContext?.spanId).toBe(span.spanContext().spanId);
  });

  it('ends the span of an Observable at completion, not at subscription', async () => {
    const stream$ = kitchen.stream();
    expect(spans()).toHaveLength(0); // nothing has run yet: the Observable is cold
    const values: string[] = [];
    const done = lastValueFrom(
      stream$.pipe(
        (src) =>
          new Observable<string>((sub) =>
            src.subscribe({
              next: (v) => (values.push(v), sub.next(v)),
              error: (e) => sub.error(e),
              complete: () => sub.complete(),
            }),
          ),
      ),
    );
    expect(spans()).toHaveLength(0);
    await done;
    expect(values).toEqual(['a', 'b']);
    const span = byName('stream');
    expect(span.duration[0] * 1e3 + span.duration[1] / 1e6).toBeGreaterThanOrEqual(25);
  });

  it('records a rejected Promise as an exception with ERROR status and rethrows it unchanged', async () => {
    const error = await kitchen.burn().catch((e) => e);
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe('too hot');
    const span = byName('burn');
    expect(span.status).toEqual({ code: SpanStatusCode.ERROR, message: 'too hot' });
    expect(span.events.map((e) => e.name)).toEqual(['exception']);
    expect(span.events[0].attributes?.['exception.type']).toBe('TypeError');
  });

  it('records a synchronous throw and an erroring Observable the same way', async () => {
    expect(() => kitchen.burnSync()).toThrow(RangeError);
    await expect(lastValueFrom(kitchen.burnStream())).rejects.toThrow('stream broke');
    for (const name of ['burn-sync', 'burn-stream']) {
      expect(byName(name).status.code).toBe(SpanStatusCode.ERROR);
      expect(byName(name).events[0].name).toBe('exception');
    }
  });

  it('makes its span the active one inside the method and honours the span kind', () => {
    const active = kitchen.work();
    const span = byName('consumer-work');
    expect(active?.spanContext().spanId).toBe(span.spanContext().spanId);
    expect(span.kind).toBe(SpanKind.CONSUMER);
  });

  it('keeps the function name', () => {
    expect(Kitchen.prototype.cook.name).toBe('cook');
  });
});

describe('@Traced with Nest decorators', () => {
  class Handlers {
    @Traced('above')
    @EventPattern('ituna-orders')
    @UsePipes(new ParseIntPipe())
    above(value: unknown) {
      return value;
    }

    @EventPattern('kitchen-orders')
    @MessagePattern('kitchen-query')
    @Traced('below')
    below(value: unknown) {
      return value;
    }
  }

  it('keeps @EventPattern and pipe metadata when @Traced is above them', () => {
    const fn = Handlers.prototype.above;
    expect(Reflect.getMetadata(PATTERN_METADATA, fn)).toEqual(['ituna-orders']);
    expect(Reflect.getMetadata(PATTERN_HANDLER_METADATA, fn)).toBeDefined();
    expect(Reflect.getMetadata(PIPES_METADATA, fn)).toHaveLength(1);
  });

  it('leaves room for @EventPattern and @MessagePattern when @Traced is below them', () => {
    const fn = Handlers.prototype.below;
    expect(Reflect.getMetadata(PATTERN_METADATA, fn)).toEqual(expect.arrayContaining(['kitchen-orders']));
    expect(new Handlers().below(1)).toBe(1);
    expect(byName('below')).toBeDefined();
  });
});
