import type { NextFunction, Request, Response } from 'express';
import express from 'express';

/**
 * JSON body parsing with answers a client can act on: 400 for malformed JSON, 413 over the limit,
 * 415 for another content type, always a JSON body without a stack trace.
 */
export function jsonBody(limit: string) {
  return [
    express.json({ limit, strict: true }),
    (err: { type?: string; status?: number; message?: string }, _req: Request, res: Response, next: NextFunction) => {
      if (!err) return next();
      const status = err.status ?? 400;
      const message =
        err.type === 'entity.too.large'
          ? `request body is larger than the ${limit} limit`
          : err.type === 'entity.parse.failed'
            ? `malformed JSON body: ${err.message}`
            : err.type === 'encoding.unsupported' || err.type === 'charset.unsupported'
              ? 'unsupported body encoding; send UTF-8 JSON'
              : 'the request body could not be read';
      res
        .status(status)
        .json({ statusCode: status, error: status === 413 ? 'Payload Too Large' : 'Bad Request', message });
    },
  ];
}
