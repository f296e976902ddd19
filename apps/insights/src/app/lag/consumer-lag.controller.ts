import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import type { Response } from 'express';
import { ConsumerLagMetrics } from './consumer-lag.metrics';

/** GET /metrics: the consumer lag in Prometheus's text format, for the stack's Prometheus to scrape. */
@Controller()
export class ConsumerLagController {
  constructor(private readonly lag: ConsumerLagMetrics) {}

  @Get('metrics')
  async metrics(@Res({ passthrough: true }) res: Response): Promise<string> {
    try {
      const text = await this.lag.registry.metrics();
      res.type(this.lag.registry.contentType);
      return text;
    } catch (err) {
      throw new ServiceUnavailableException(`the consumer lag cannot be read from Kafka: ${(err as Error).message}`);
    }
  }
}
