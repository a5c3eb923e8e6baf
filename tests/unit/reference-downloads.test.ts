import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { emptyOutDirKeepingDownloads, saveDownloadManifest } from '../../src/integration/reference-downloads.ts';
import { writeReferenceFiles, type ReferenceFiles } from '../../src/integration/reference-files.ts';
import type { CslData } from '../../src/lib/citation-js.ts';
import { exportReferences } from '../../src/lib/reference-exports.ts';

const item = (id: string, title: string) => ({ id, 'citation-key': id, type: 'article-newspaper', title }) as CslData;

/** One build's share of the downloads: empty the folder (keeping the search index, as the integration does), write what the plan says, record it. */
async function build(outDir: string, manifest: string, downloads: ReferenceFiles[]) {
  const plan = emptyOutDirKeepingDownloads(outDir, downloads, manifest, ['pagefind']);
  const written = await writeReferenceFiles(outDir, plan.write);
  saveDownloadManifest(manifest, plan.manifest);
  return { written, kept: plan.kept };
}

describe('reference downloads across builds', () => {
  test('a rebuild keeps the downloads of unchanged items, rewrites changed ones and removes the rest of the output', { timeout: 30_000 }, async () => {
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'attest-downloads-'));
    const outDir = path.join(tmp, 'dist');
    const manifest = path.join(tmp, 'cache/attest/downloads.json');
    const a: ReferenceFiles = { dir: 'sources/a', name: 'reference', items: [item('a', 'First')] };
    const b: ReferenceFiles = { dir: 'sources/b', name: 'reference', items: [item('b', 'Second')] };
    const brief: ReferenceFiles = { dir: 'briefings/one', name: 'references', items: [item('a', 'First'), item('b', 'Second')] };

    expect(await build(outDir, manifest, [a, b, brief])).toEqual({ written: 9, kept: 0 });
    // Astro's pages, which every build replaces, and Pagefind's bundle, which the index step brings up to date.
    writeFileSync(path.join(outDir, 'sources/a/index.html'), 'page');
    mkdirSync(path.join(outDir, 'pagefind'));
    writeFileSync(path.join(outDir, 'pagefind/pagefind.js'), 'index');
    mkdirSync(path.join(outDir, '.git'));

    // Source b's title changes, so b and the briefing citing it are written again; a is kept.
    const b2: ReferenceFiles = { ...b, items: [item('b', 'Second, corrected')] };
    const brief2: ReferenceFiles = { ...brief, items: [item('a', 'First'), item('b', 'Second, corrected')] };
    const aBefore = readFileSync(path.join(outDir, 'sources/a/reference.bib'), 'utf8');
    expect(await build(outDir, manifest, [a, b2, brief2])).toEqual({ written: 6, kept: 1 });
    expect(readFileSync(path.join(outDir, 'sources/a/reference.bib'), 'utf8')).toBe(aBefore);
    expect(readFileSync(path.join(outDir, 'sources/b/reference.ris'), 'utf8')).toBe(exportReferences(b2.items, 'ris'));
    expect(readFileSync(path.join(outDir, 'briefings/one/references.json'), 'utf8')).toBe(exportReferences(brief2.items, 'json'));
    expect(existsSync(path.join(outDir, 'sources/a/index.html'))).toBe(false);
    expect(readFileSync(path.join(outDir, 'pagefind/pagefind.js'), 'utf8')).toBe('index');
    expect(existsSync(path.join(outDir, '.git'))).toBe(true);

    // A source that is gone takes its downloads with it; a deleted file is written again.
    rmSync(path.join(outDir, 'sources/a/reference.ris'));
    expect(await build(outDir, manifest, [a, brief2])).toEqual({ written: 3, kept: 1 });
    expect(existsSync(path.join(outDir, 'sources/b'))).toBe(false);
    expect(readFileSync(path.join(outDir, 'sources/a/reference.ris'), 'utf8')).toBe(exportReferences(a.items, 'ris'));

    // A build that stops before recording its downloads leaves no manifest to trust.
    emptyOutDirKeepingDownloads(outDir, [a, brief2], manifest);
    expect(existsSync(manifest)).toBe(false);
    expect(await build(outDir, manifest, [a, brief2])).toEqual({ written: 6, kept: 0 });
  });
});
