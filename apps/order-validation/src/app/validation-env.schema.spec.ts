import { join } from 'node:path';
import { envTable, syncGeneratedSection } from '@ituna/contracts';
import { ServiceEnvSchema } from '@ituna/runtime';
import { ValidationEnvSchema } from './validation-env.schema';

const PAGE = join(__dirname, '..', '..', '..', '..', 'docs', 'configuration.md');

describe('docs/configuration.md', () => {
  it("lists order-validation's own variables as ValidationEnvSchema declares them (npm run docs:config writes it)", () => {
    const table = envTable(ValidationEnvSchema, Object.keys(ServiceEnvSchema.shape));
    const { current, expected } = syncGeneratedSection(PAGE, 'apps/order-validation ValidationEnvSchema', table, {
      write: process.env.ITUNA_UPDATE_DOCS === 'true',
    });
    expect(current).toBe(expected);
  });
});
