import './instrumentation';
import { serveApiDocs } from '@ituna/ordering';
import { bootstrapService } from '@ituna/runtime';
import { AppModule } from './app/app.module';
import { SERVICE_NAME } from './app/service-name';

bootstrapService({ name: SERVICE_NAME, module: AppModule, configure: (app) => serveApiDocs(app, 'onsite') }).catch(
  (err) => {
    console.error(`${SERVICE_NAME} failed to start: ${err?.stack ?? err}`);
    process.exit(1);
  },
);
