import { Context, Span, context, trace } from '@opentelemetry/api';
import { Observable } from 'rxjs';
import type { Subscribable } from 'rxjs';
import { isObservableLike, isPromiseLike, recordError } from './utils';

/**
 * Runs fn inside span and ends the span when fn's work ends, judged by the value it returns:
 * a Promise when it settles, an Observable when it completes or errors (the subscription runs in
 * the span's context), anything else at once. Errors are recorded and passed on unchanged.
 */
export function runInSpan<T>(span: Span, parent: Context, fn: () => T): T {
  const ctx = trace.setSpan(parent, span);
  let result: T;
  try {
    result = context.with(ctx, fn);
  } catch (err) {
    recordError(span, err);
    span.end();
    throw err;
  }
  if (isObservableLike(result)) return endWithObservable(span, ctx, result) as T;
  if (isPromiseLike(result)) {
    return (result as PromiseLike<unknown>).then(
      (value) => {
        span.end();
        return value;
      },
      (err) => {
        recordError(span, err);
        span.end();
        throw err;
      },
    ) as T;
  }
  span.end();
  return result;
}

function endWithObservable(span: Span, ctx: Context, source: Subscribable<unknown>): Observable<unknown> {
  let ended = false;
  const end = () => {
    if (!ended) {
      ended = true;
      span.end();
    }
  };
  return new Observable((subscriber) => {
    const subscription = context.with(ctx, () =>
      source.subscribe({
        next: (value: unknown) => subscriber.next(value),
        error: (err: unknown) => {
          recordError(span, err);
          end();
          subscriber.error(err);
        },
        complete: () => {
          end();
          subscriber.complete();
        },
      }),
    );
    return () => {
      subscription.unsubscribe();
      end();
    };
  });
}
