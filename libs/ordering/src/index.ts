// What the ordering services, the e2e suite and `npm run docs:api` use; the rest is internal.
export { OrderingModule } from './ordering.module';
export { OrderingEnvSchema } from './ordering-env.schema';
export { orderIdForKey } from './idempotency/idempotency-key';
export { ordersOpenApiDocument } from './openapi/orders-openapi';
export { serveApiDocs } from './openapi/serve-api-docs';
