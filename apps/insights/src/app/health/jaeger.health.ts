import { Injectable } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { HealthIndicatorService } from '@nestjs/terminus';
import { INSIGHTS_CONFIG, type InsightsConfig } from '../insights.config';

/** Healthy when Jaeger's query API, which every view of the page reads, answers within the timeout. */
@Injectable()
export class JaegerHealthIndicator {
  private readonly jaegerQueryUrl: string;

  constructor(
    private readonly health: HealthIndicatorService,
    config: ConfigService,
  ) {
    this.jaegerQueryUrl = config.getOrThrow<InsightsConfig>(INSIGHTS_CONFIG).jaegerQueryUrl;
  }

  async isHealthy(key = 'jaeger', timeoutMs = 2000) {
    const indicator = this.health.check(key);
    const url = `${this.jaegerQueryUrl}/api/services`;
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      if (!res.ok) return indicator.down({ message: `${url} answered ${res.status}` });
      return indicator.up();
    } catch (err) {
      const reason =
        (err as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : (err as Error).message;
      return indicator.down({ message: `${url}: ${reason}` });
    }
  }
}
