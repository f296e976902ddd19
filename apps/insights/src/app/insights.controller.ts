import {
  BadRequestException,
  Controller,
  Get,
  Header,
  NotFoundException,
  Param,
  Query,
  ServiceUnavailableException,
} from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { JaegerUnreachableError, OrderNotFoundError, QueryLimitError } from '@ituna/trace-analysis';
import { InsightsService } from './insights.service';
import { parseSearchQuery } from './search-query';

const page = () => readFileSync(join(__dirname, 'assets', 'index.html'), 'utf8');

/** One page, and the JSON it reads. */
@Controller()
export class InsightsController {
  constructor(private readonly insights: InsightsService) {}

  @Get()
  @Header('content-type', 'text/html; charset=utf-8')
  index(): string {
    return page();
  }

  @Get('api/overview')
  overview(@Query('since') since = '15m') {
    return this.answer(() => this.insights.overview(since));
  }

  @Get('api/search')
  search(@Query() query: Record<string, string | string[] | undefined>) {
    const q = parseSearchQuery(query);
    return this.answer(() => this.insights.search(q));
  }

  @Get('api/orders/:orderId')
  order(@Param('orderId') orderId: string) {
    if (!/^[0-9a-zA-Z-]{1,64}$/.test(orderId))
      throw new BadRequestException('orderId: must be an order id (letters, digits and dashes)');
    return this.answer(() => this.insights.order(orderId));
  }

  private async answer<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      if (err instanceof OrderNotFoundError) throw new NotFoundException(err.message);
      if (err instanceof QueryLimitError) throw new BadRequestException(err.message);
      if (err instanceof JaegerUnreachableError) throw new ServiceUnavailableException(err.message);
      // Jaeger refusing a search (a field it cannot read) is the caller's to mend.
      if (/^Jaeger \S+ answered HTTP 4\d\d/.test((err as Error).message))
        throw new BadRequestException((err as Error).message);
      if (/is not a duration|is not an ISO-8601 instant/.test((err as Error).message))
        throw new BadRequestException((err as Error).message);
      throw err;
    }
  }
}
