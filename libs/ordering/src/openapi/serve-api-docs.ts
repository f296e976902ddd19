import type { INestApplication } from '@nestjs/common';
import { SwaggerModule } from '@nestjs/swagger';
import type { OpenAPIObject } from '@nestjs/swagger';
import type { Channel } from '@ituna/contracts';
import { ordersOpenApiDocument } from './orders-openapi';

/** `GET /openapi.json` (the service's OpenAPI document) and Swagger UI at `/docs`, as NestJS users expect. */
export function serveApiDocs(app: INestApplication, channel: Channel): void {
  SwaggerModule.setup('docs', app, ordersOpenApiDocument(channel) as unknown as OpenAPIObject, {
    jsonDocumentUrl: 'openapi.json',
    yamlDocumentUrl: 'openapi.yaml',
  });
}
