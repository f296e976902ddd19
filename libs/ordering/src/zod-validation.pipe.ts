import { BadRequestException, PipeTransform } from '@nestjs/common';
import { describeIssues } from '@ituna/contracts';
import type { ZodType } from 'zod';

/** 400 with one message naming each bad field and its rule; the parsed value otherwise. */
export class ZodValidationPipe<T> implements PipeTransform<unknown, T> {
  constructor(private readonly schema: ZodType<T>) {}

  transform(value: unknown): T {
    if (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value)) {
      throw new BadRequestException('the body must be a JSON object');
    }
    const result = this.schema.safeParse(value);
    if (!result.success) throw new BadRequestException(describeIssues(result.error, value));
    return result.data;
  }
}
