import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { anchors, deadLinks, links, slug } from './markdown-links';

const root = join(__dirname, '..', '..');

describe('the Markdown links of the repository', () => {
  it('lead to a file that exists and, with an anchor, to one of its headings', () => {
    const files = execFileSync('git', ['ls-files', '*.md', '**/*.md'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .filter((f) => f && !f.includes('node_modules/'));
    expect(files).toContain('README.md');
    expect(deadLinks(root, files)).toEqual([]);
  });
});

describe('markdown-links', () => {
  it('makes the anchors GitHub makes', () => {
    expect(slug('What runs where')).toBe('what-runs-where');
    expect(slug('Failover (three-node cluster, 20 orders/s over HTTP)')).toBe(
      'failover-three-node-cluster-20-orderss-over-http',
    );
    expect(slug('`npm run report`: the stages')).toBe('npm-run-report-the-stages');
    expect(slug('[The library](x.md) and you')).toBe('the-library-and-you');
    expect([...anchors('# A\n## B\n```\n# not a heading\n```\n## B\n')]).toEqual(['a', 'b', 'b-1']);
  });

  it('finds relative links and images, not URLs or code', () => {
    const md =
      '[a](docs/a.md#x) ![i](p.png) [u](https://x.org/y) `[c](nope.md)`\n```\n[d](nope.md)\n```\n[r]: ref.md\n';
    expect(links(md).map((l) => l.target)).toEqual(['docs/a.md#x', 'p.png', 'ref.md']);
  });

  it('reports a missing file and a missing heading, and passes what is there', () => {
    const dir = mkdtempSync(join(tmpdir(), 'links-'));
    try {
      mkdirSync(join(dir, 'docs'));
      writeFileSync(join(dir, 'docs', 'a.md'), '# A page\n\n## Its part\n[back](../README.md#top)\n');
      writeFileSync(
        join(dir, 'README.md'),
        '# Top\n[ok](docs/a.md#its-part) [gone](docs/b.md) [moved](docs/a.md#old)\n',
      );
      expect(deadLinks(dir, ['README.md', 'docs/a.md'])).toEqual([
        { file: 'README.md', line: 2, target: 'docs/b.md', reason: 'no docs/b.md' },
        { file: 'README.md', line: 2, target: 'docs/a.md#old', reason: 'no heading #old in docs/a.md' },
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
