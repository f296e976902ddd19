import { join } from 'node:path';
import { envTable, syncGeneratedSection } from '@ituna/contracts';
import { ServiceEnvSchema } from '@ituna/runtime';
import { OrderingEnvSchema } from './ordering-env.schema';

const PAGE = join(__dirname, '..', '..', '..', 'docs', 'configuration.md');

describe('docs/configuration.md', () => {
  it("lists the ordering services' own variables as OrderingEnvSchema declares them (npm run docs:config writes it)", () => {
    const table = envTable(OrderingEnvSchema, Object.keys(ServiceEnvSchema.shape));
    const { current, expected } = syncGeneratedSection(PAGE, 'libs/ordering OrderingEnvSchema', table, {
      write: process.env.ITUNA_UPDATE_DOCS === 'true',
    });
    expect(current).toBe(expected);
  });
});
