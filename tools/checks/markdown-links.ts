import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/** A link of a Markdown file that does not lead where it says. */
export interface DeadLink {
  file: string;
  line: number;
  target: string;
  reason: string;
}

/**
 * GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens (what github-slugger
 * does; that package is ES modules only, which this CommonJS jest project cannot require).
 */
export function slug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1') // a link's text only
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc} -]/gu, '').replace(/ /g, '-');
}

/** Lines outside fenced code blocks, with their 1-based numbers. */
function prose(markdown: string): { text: string; line: number }[] {
  const out: { text: string; line: number }[] = [];
  let fence: string | undefined;
  markdown.split('\n').forEach((text, i) => {
    const open = /^\s*(```|~~~)/.exec(text)?.[1];
    if (open && (!fence || fence === open)) fence = fence ? undefined : open;
    else if (!fence) out.push({ text: text.replace(/`[^`]*`/g, '``'), line: i + 1 });
  });
  return out;
}

/** The anchors of a Markdown file's headings, repeated ones numbered as GitHub does (`x`, `x-1`). */
export function anchors(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const out = new Set<string>();
  for (const { line } of prose(markdown)) {
    const heading = /^#{1,6}\s+(.*?)\s*#*\s*$/.exec(markdown.split('\n')[line - 1]);
    if (!heading) continue;
    const base = slug(heading[1]);
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    out.add(n ? `${base}-${n}` : base);
  }
  return out;
}

/** The relative links and images of a Markdown file (not those in code, not URLs with a scheme). */
export function links(markdown: string): { target: string; line: number }[] {
  const out: { target: string; line: number }[] = [];
  for (const { text, line } of prose(markdown))
    for (const m of text.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)|^\s*\[[^\]]+\]:\s+(\S+)/g)) {
      const target = m[1] ?? m[2];
      if (!/^[a-z][a-z0-9+.-]*:/i.test(target)) out.push({ target, line });
    }
  return out;
}

/** Every relative link of `files` (paths from `root`) that names no file, or no heading of it. */
export function deadLinks(root: string, files: readonly string[]): DeadLink[] {
  const dead: DeadLink[] = [];
  const headings = new Map<string, Set<string>>();
  const anchorsOf = (path: string) => {
    let set = headings.get(path);
    if (!set) headings.set(path, (set = anchors(readFileSync(path, 'utf8'))));
    return set;
  };
  for (const file of files) {
    const path = join(root, file);
    for (const { target, line } of links(readFileSync(path, 'utf8'))) {
      const [pathPart, anchor] = target.split('#', 2) as [string, string | undefined];
      const to = pathPart ? join(dirname(path), decodeURIComponent(pathPart)) : path;
      if (!existsSync(to)) {
        dead.push({ file, line, target, reason: `no ${relative(root, to)}` });
        continue;
      }
      if (anchor && statSync(to).isFile() && to.endsWith('.md') && !anchorsOf(to).has(anchor))
        dead.push({ file, line, target, reason: `no heading #${anchor} in ${relative(root, to)}` });
    }
  }
  return dead;
}
