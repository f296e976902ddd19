import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { JaegerHealthIndicator } from './jaeger.health';

/**
 * `GET /health`, as the five services answer it: 200 when the page can read Jaeger, 503 (with the
 * reason) when it cannot. The page itself still serves and says what is missing.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly jaeger: JaegerHealthIndicator,
  ) {}

  @Get()
  @HealthCheck({ noCache: true, swaggerDocumentation: false })
  check() {
    return this.health.check([() => this.jaeger.isHealthy()]);
  }
}
