import { join } from 'node:path';
import { envTable, syncGeneratedSection } from '@ituna/contracts';
import { InsightsEnvSchema } from './insights-env.schema';

const PAGE = join(__dirname, '..', '..', '..', '..', 'docs', 'configuration.md');

describe('docs/configuration.md', () => {
  it("lists the insights page's variables as InsightsEnvSchema declares them (npm run docs:config writes it)", () => {
    const { current, expected } = syncGeneratedSection(
      PAGE,
      'apps/insights InsightsEnvSchema',
      envTable(InsightsEnvSchema),
      { write: process.env.ITUNA_UPDATE_DOCS === 'true' },
    );
    expect(current).toBe(expected);
  });
});
