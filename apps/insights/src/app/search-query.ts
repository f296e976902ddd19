import { BadRequestException } from '@nestjs/common';

/** What the page's search asks Jaeger for. */
export interface SearchQuery {
  service: string;
  operation?: string;
  tags?: Record<string, string>;
  minDuration?: string;
  since: string;
  limit: number;
}

/** Refused with what is wrong, as a 400. */
const refuse = (message: string): never => {
  throw new BadRequestException(message);
};

/**
 * The search form's fields: `tags` as `key=value` pairs separated by spaces (Jaeger UI's form),
 * `minDuration` as Jaeger takes it (`500ms`, `1.5s`), `limit` 1 to 100 (20 by default).
 */
export function parseSearchQuery(query: Record<string, string | string[] | undefined>): SearchQuery {
  // A field given twice (?tags=a&tags=b) counts once, as its first value.
  const q = Object.fromEntries(Object.entries(query).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v])) as Record<
    string,
    string | undefined
  >;
  const service = q.service?.trim() || refuse('service: required (a service name, such as order-validation)');
  const tags: Record<string, string> = {};
  for (const pair of (q.tags ?? '').trim().split(/\s+/).filter(Boolean)) {
    const eq = pair.indexOf('=');
    if (eq <= 0) refuse(`tags: "${pair}" is not key=value`);
    tags[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const minDuration = q.minDuration?.trim() || undefined;
  if (minDuration && !/^\d+(\.\d+)?(us|ms|s|m)$/.test(minDuration))
    refuse(`minDuration: "${minDuration}" is not a duration such as 500ms or 1.5s`);
  const limit = q.limit === undefined || q.limit === '' ? 20 : Number(q.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > 100) refuse('limit: must be a whole number from 1 to 100');
  return {
    service,
    operation: q.operation?.trim() || undefined,
    tags: Object.keys(tags).length ? tags : undefined,
    minDuration,
    since: q.since?.trim() || '1h',
    limit,
  };
}
