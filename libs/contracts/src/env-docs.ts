import { readFileSync, writeFileSync } from 'node:fs';
import type { z } from 'zod';
import type { EnvDoc } from './env-schema';

/**
 * The configuration page's table of a schema's variables (those not in `except`), from what each
 * declares with envOptional's `doc`; throws naming a variable declared without one.
 */
export function envTable(schema: z.ZodObject, except: readonly string[] = []): string {
  const rows = Object.entries(schema.shape)
    .filter(([name]) => !except.includes(name))
    .map(([name, field]) => {
      const doc = (field as z.ZodType).meta() as Partial<EnvDoc> | undefined;
      if (doc?.description === undefined || doc.default === undefined)
        throw new Error(`${name} has no description and default for the configuration page (envOptional's doc)`);
      return `| \`${name}\` | ${doc.default} | ${doc.description} |`;
    });
  return ['| variable | default | what it does |', '| --- | --- | --- |', ...rows].join('\n');
}

const marks = (id: string) => [`<!-- generated from ${id}: do not edit by hand -->`, `<!-- end of ${id} -->`] as const;

/** The generated part of a Markdown page between the marks of `id` (undefined when the page has none). */
export function generatedSection(markdown: string, id: string): string | undefined {
  const [open, close] = marks(id);
  const start = markdown.indexOf(open);
  const end = markdown.indexOf(close);
  return start < 0 || end < start ? undefined : markdown.slice(start + open.length, end).trim();
}

/** The page with the part between the marks of `id` replaced by `content`. */
export function withGeneratedSection(markdown: string, id: string, content: string): string {
  const [open, close] = marks(id);
  if (generatedSection(markdown, id) === undefined)
    throw new Error(`the page has no marks for ${id}: ${open} ... ${close}`);
  return `${markdown.slice(0, markdown.indexOf(open) + open.length)}\n${content}\n${markdown.slice(markdown.indexOf(close))}`;
}

/**
 * A page's generated part against what it should be: with `write`, the page is rewritten first
 * (`npm run docs:config`), so that the two agree.
 */
export function syncGeneratedSection(
  page: string,
  id: string,
  content: string,
  { write = false } = {},
): { current: string | undefined; expected: string } {
  if (write) writeFileSync(page, withGeneratedSection(readFileSync(page, 'utf8'), id, content));
  return { current: generatedSection(readFileSync(page, 'utf8'), id), expected: content.trim() };
}
