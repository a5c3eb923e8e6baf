import os from 'node:os';
import path from 'node:path';
import { describe, expect, test, vi } from 'vitest';
import { startBuildCheck } from '../../src/integration/check-worker.ts';
import { buildCitationIndex } from '../../src/lib/citation-index.ts';
import { checkProject } from '../../src/lib/check-project.ts';
import { dropSourceLines, takeSourceLines } from '../../src/lib/source-lines-ahead.ts';
import { sourceLinesHtml } from '../../src/lib/source-lines-html.ts';
import { sourceEntry } from '../../src/lib/source-entries.ts';
import { loadSources } from '../../src/lib/sources.ts';
import { projectRoot } from '../helpers/run-astro.ts';

const root = path.join(projectRoot, 'tests/fixtures/site');
const ratings = [
  { verdict: 'true', label: 'True', description: '', ordinal: 3, icon: 'check' },
  { verdict: 'half-true', label: 'Half true', description: '', ordinal: 2, icon: 'warning' },
  { verdict: 'pants-on-fire', label: 'Pants on fire', description: '', ordinal: 1, icon: 'cross' },
] as const;

describe('a build’s check on its own thread', () => {
  test('sends the sources’ entries, not their lines, and each rewritten briefing’s text once', { timeout: 60_000 }, async () => {
    const check = startBuildCheck({
      // The fixture's own rating scale (its astro.config.mjs).
      paths: { root, sources: 'sources', briefings: 'briefings', style: 'apa', styles: 'styles', ratings },
      failOn: 'error',
      jobs: false,
      referenceCache: path.join(os.tmpdir(), 'attest-no-reference-cache.json'),
      base: '/',
      site: undefined,
    });
    const sent = await check.sources;
    expect(sent?.dir).toBe(path.join(root, 'sources'));
    expect(sent?.entries).toEqual([...loadSources(root, 'sources').byKey.values()].map((s) => sourceEntry(s)));
    expect(sent?.entries.some((e) => 'lines' in e)).toBe(false);

    const file = 'briefings/every-form.mdx';
    const first = await check.briefing(file);
    expect(first?.rewritten?.text).toContain('__attestNote("briefings/every-form.mdx", 0)');
    // Asked again (a bundler that loads it twice), it has no text: the file loads as it is, and is checked where it compiles.
    const again = await check.briefing(file);
    expect(again).toEqual({ file, digest: first!.digest, bodyStart: first!.bodyStart });
    expect(check.sent(file)).toBe(again);
    await check.compiled;
    // Once done, the thread hands over every source page's lines, as the page would write them.
    const report = checkProject({ root, sources: 'sources', briefings: 'briefings', style: 'apa', styles: 'styles', ratings });
    const citations = buildCitationIndex(report, false);
    for (const source of report.sources.byKey.values()) {
      const html = await vi.waitFor(() => takeSourceLines(root, source.file) ?? Promise.reject(new Error('not sent yet')));
      expect(html).toBe(sourceLinesHtml(source.lines, citations[source.key] ?? [], '/'));
    }
    expect(Object.keys(citations).length).toBeGreaterThan(0);
    dropSourceLines();
  });
});
