import { join } from 'node:path';
import { envTable, syncGeneratedSection } from '@ituna/contracts';
import { ServiceEnvSchema } from '@ituna/runtime';
import { KitchenEnvSchema } from './kitchen-env.schema';

const PAGE = join(__dirname, '..', '..', '..', '..', 'docs', 'configuration.md');

describe('docs/configuration.md', () => {
  it("lists kitchen-service's own variables as KitchenEnvSchema declares them (npm run docs:config writes it)", () => {
    const table = envTable(KitchenEnvSchema, Object.keys(ServiceEnvSchema.shape));
    const { current, expected } = syncGeneratedSection(PAGE, 'apps/kitchen-service KitchenEnvSchema', table, {
      write: process.env.ITUNA_UPDATE_DOCS === 'true',
    });
    expect(current).toBe(expected);
  });
});
