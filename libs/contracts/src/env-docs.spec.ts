import { z } from 'zod';
import { envTable, generatedSection, withGeneratedSection } from './env-docs';
import { envBoolean, envOptional } from './env-schema';

describe('envTable', () => {
  it('makes one row a variable from its doc, leaving out those asked', () => {
    const schema = z.object({
      ON: envOptional(envBoolean(), { default: '`false`', description: 'turns it on' }),
      OTHER: envOptional(z.string(), { default: '', description: 'not here' }),
    });
    expect(envTable(schema, ['OTHER'])).toBe(
      ['| variable | default | what it does |', '| --- | --- | --- |', '| `ON` | `false` | turns it on |'].join('\n'),
    );
  });

  it('refuses a variable declared without its doc, naming it', () => {
    expect(() => envTable(z.object({ BARE: envOptional(z.string()) }))).toThrow(
      "BARE has no description and default for the configuration page (envOptional's doc)",
    );
  });
});

describe('generated sections of a page', () => {
  const page = 'intro\n<!-- generated from x: do not edit by hand -->\nold\n<!-- end of x -->\nafter\n';

  it('reads and replaces the part between the marks, nothing else', () => {
    expect(generatedSection(page, 'x')).toBe('old');
    const updated = withGeneratedSection(page, 'x', 'new');
    expect(updated).toBe('intro\n<!-- generated from x: do not edit by hand -->\nnew\n<!-- end of x -->\nafter\n');
    expect(generatedSection(updated, 'x')).toBe('new');
  });

  it('says so when the page has no marks for the id', () => {
    expect(generatedSection(page, 'y')).toBeUndefined();
    expect(() => withGeneratedSection(page, 'y', 'new')).toThrow('the page has no marks for y');
  });
});
