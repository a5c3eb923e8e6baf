import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, test } from 'vitest';
import { formatAhead } from '../../src/integration/reference-workers.ts';
import { checkProject } from '../../src/lib/check-project.ts';
import type { CslData } from '../../src/lib/citation-js.ts';
import { loadStyles } from '../../src/lib/csl-styles.ts';
import { briefingKey, computeBriefingReferences, computeSourceReference, formatSourceReferenceSoon, locatorAnswers, sourceKey } from '../../src/lib/reference-format.ts';
import { claimsLayout, referenceJobs, type FormatJob, type WorkerReply, type WorkerStart } from '../../src/lib/reference-jobs.ts';
import { loadReferenceCache, pendingReference, saveReferenceCache, storedReference, type FormattedBriefing } from '../../src/lib/reference-store.ts';
import { projectRoot } from '../helpers/run-astro.ts';

const root = path.join(projectRoot, 'tests/fixtures/site');

describe('formatting references ahead in worker threads', () => {
  const report = checkProject({ root });
  const catalog = loadStyles(root, 'styles');
  const jobs = referenceJobs(report, catalog, 'apa');

  test('lists a job per citing briefing (drafts too: Astro compiles them; each in its own style) and per source', () => {
    const briefings = report.briefings.filter((b) => b.data && b.occurrences.length);
    expect(jobs.filter((j) => j.kind === 'briefing')).toHaveLength(briefings.length);
    expect(jobs.filter((j) => j.kind === 'source')).toHaveLength(report.sources.byKey.size);
    // The fixture has a briefing in a style of its own; its job carries that style.
    expect(new Set(jobs.flatMap((j) => (j.kind === 'briefing' ? [j.request.style.name] : [])))).toContain('line-brief');
  });

  test('workers format exactly what the page code formats in-line', { timeout: 120_000 }, async () => {
    // One thread takes the jobs in order, so the briefings are done before their sources come up.
    const result = await formatAhead(jobs, { root, stylesDir: 'styles', minJobs: 1, maxWorkers: 1 });
    expect(result.formatted).toBe(new Set(jobs.map((j) => j.key)).size);
    // Sources cited in an APA briefing take their entry from its reference list…
    expect(result.shared).toBeGreaterThan(0);
    // …and every result, shared or not, is what formatting it on its own gives.
    for (const job of jobs) {
      const inline = job.kind === 'briefing' ? computeBriefingReferences(job.request) : computeSourceReference(job.style, job.item);
      expect(storedReference(job.key), job.key).toEqual(inline);
    }
    // A second pass finds everything stored and starts no thread.
    const again = await formatAhead(jobs, { root, stylesDir: 'styles', minJobs: 1 });
    expect(again).toMatchObject({ formatted: 0, shared: 0, cached: new Set(jobs.map((j) => j.key)).size });
    expect(again.cached + again.same).toBe(jobs.length);
  });

  test('a source told apart in a reference list (2022a) is formatted on its own for its page', { timeout: 120_000 }, async () => {
    const harvard = catalog.byName.get('harvard1')!;
    const news = (id: string, title: string, container: string) => ({ id, type: 'article-newspaper', title, 'container-title': container, issued: { 'date-parts': [[2022, 1, 9]] } }) as CslData;
    const items = [news('wire-a', 'First report', 'Wire'), news('wire-b', 'Second report', 'Wire'), news('gazette', 'Third report', 'Gazette')];
    const request = { style: harvard, locale: undefined, items, cites: items.map((i) => ({ key: String(i.id) })) };
    const sourceJobs: FormatJob[] = items.map((item) => ({ key: sourceKey(harvard, item), kind: 'source', style: harvard, item }));
    const result = await formatAhead([{ key: briefingKey(request), kind: 'briefing', request }, ...sourceJobs], { root, stylesDir: 'styles', minJobs: 1, maxWorkers: 1 });
    // Only the Gazette's entry reads the same in the list as alone.
    expect(result.shared).toBe(1);
    const list = storedReference<FormattedBriefing>(briefingKey(request))!.bibliography!.map((e) => e.html).join('');
    expect(list).toContain('2022a');
    items.forEach((item, i) => expect(storedReference(sourceJobs[i]!.key)).toBe(computeSourceReference(harvard, item)));
    expect(storedReference(sourceJobs[0]!.key)).not.toContain('2022a');
  });

  test('one worker fewer while the calling thread is busy, and formatting does not wait for it to be done', { timeout: 120_000 }, async () => {
    const apa = catalog.byName.get('apa')!;
    const item = (id: string) => ({ id, type: 'article-newspaper', title: `Busy ${id}`, issued: { 'date-parts': [[2021]] } }) as CslData;
    const sourceJobs = (ids: string[]): FormatJob[] => ids.map((id) => ({ key: sourceKey(apa, item(id)), kind: 'source', style: apa, item: item(id) }));
    // Never done: the one worker formats everything.
    const alone = sourceJobs(['busy-a', 'busy-b', 'busy-c']);
    const result = await formatAhead(alone, { root, stylesDir: 'styles', minJobs: 1, maxWorkers: 2, busyUntil: new Promise(() => {}) });
    expect(result.formatted).toBe(3);
    alone.forEach((job) => expect(storedReference(job.key)).toBe(computeSourceReference(apa, job.kind === 'source' ? job.item : item(''))));
    // Done at once: the second worker joins, and the results are the same.
    const both = sourceJobs(['busy-d', 'busy-e', 'busy-f', 'busy-g']);
    expect((await formatAhead(both, { root, stylesDir: 'styles', minJobs: 1, maxWorkers: 2, busyUntil: Promise.resolve() })).formatted).toBe(4);
    both.forEach((job) => expect(storedReference(job.key)).toBe(computeSourceReference(apa, job.kind === 'source' ? job.item : item(''))));
  });

  test('a briefing takes the entries of its sources formatted already where they stand alone, and citeproc prints the rest', () => {
    const harvard = catalog.byName.get('harvard1')!;
    const news = (id: string, title: string, container: string) => ({ id, type: 'article-newspaper', title, 'container-title': container, issued: { 'date-parts': [[2022, 1, 9]] } }) as CslData;
    const items = [news('wire-a', 'First report', 'Wire'), news('wire-b', 'Second report', 'Wire'), news('gazette', 'Third report', 'Gazette')];
    const request = { style: harvard, locale: undefined, items, cites: items.map((i) => ({ key: String(i.id) })) };
    const full = computeBriefingReferences(request);
    const known = { 'wire-a': '<div class="csl-entry">known a</div>', gazette: '<div class="csl-entry">known gazette</div>' };
    const reused = computeBriefingReferences(request, undefined, known);
    expect(reused.bibliography!.map((e) => e.key)).toEqual(full.bibliography!.map((e) => e.key));
    const html = Object.fromEntries(reused.bibliography!.map((e) => [e.key, e.html]));
    // The Gazette reads alone as in the list; the Wire's reports are told apart (2022a), so theirs are printed.
    expect(html['gazette']).toBe(known.gazette);
    expect(html['wire-a']).toContain('2022a');
    expect(reused.bibliography!.filter((e) => e.key !== 'gazette')).toEqual(full.bibliography!.filter((e) => e.key !== 'gazette'));
    expect(reused.citations).toEqual(full.citations);
    // A numbered style's entries never stand alone.
    const vancouver = catalog.byName.get('vancouver')!;
    const numbered = computeBriefingReferences({ ...request, style: vancouver }, undefined, known);
    expect(numbered).toEqual(computeBriefingReferences({ ...request, style: vancouver }));
  });

  test('sources that differ only in their key share one "Cite this source" job, unless the style prints keys', () => {
    const apa = catalog.byName.get('apa')!;
    const bare = (id: string) => ({ id, 'citation-key': id, type: 'article-newspaper' }) as CslData;
    expect(sourceKey(apa, bare('a'))).toBe(sourceKey(apa, bare('b')));
    expect(computeSourceReference(apa, bare('a'))).toBe(computeSourceReference(apa, bare('b')));
    expect(sourceKey(apa, bare('a'))).not.toBe(sourceKey(apa, { ...bare('a'), title: 'Report' } as CslData));
    // A style that prints the key gets one entry per source.
    const dir = mkdtempSync(path.join(os.tmpdir(), 'attest-keys-'));
    mkdirSync(path.join(dir, 'styles'));
    const xml = readFileSync(path.join(root, 'styles/line-brief.csl'), 'utf8');
    writeFileSync(path.join(dir, 'styles/keyed.csl'), xml.replaceAll('<text macro="who"/>', '<text variable="citation-key"/>').replace('line-brief</id>', 'keyed</id>'));
    const keyed = loadStyles(dir, 'styles').byName.get('keyed')!;
    expect(keyed.printsKey).toBe(true);
    expect(apa.printsKey).toBe(false);
    expect(sourceKey(keyed, bare('a'))).not.toBe(sourceKey(keyed, bare('b')));
    expect(computeSourceReference(keyed, bare('a'))).not.toBe(computeSourceReference(keyed, bare('b')));
  });

  test('a worker claims its jobs itself: it formats them all while the calling thread is blocked', { timeout: 120_000 }, async () => {
    const todo = jobs.filter((j, i) => jobs.findIndex((k) => k.key === j.key) === i);
    const claims = claimsLayout(undefined, todo.length);
    const worker = new Worker(new URL('../../src/integration/reference-worker.ts', import.meta.url), { workerData: { root, stylesDir: 'styles', jobs: todo, claims: claims.buffer } satisfies WorkerStart });
    const replies: WorkerReply[] = [];
    worker.on('message', (r: WorkerReply) => replies.push(r));
    const exited = new Promise((resolve) => worker.once('exit', resolve));
    // Block this thread (no event loop turn, so no message is read) until the worker has
    // claimed past the last job: it cannot have waited on this thread for any of them.
    const deadline = Date.now() + 60_000;
    const pause = new Int32Array(new SharedArrayBuffer(4));
    while (Atomics.load(claims.next, 0) <= todo.length && Date.now() < deadline) Atomics.wait(pause, 0, 0, 20);
    expect(replies).toEqual([]);
    expect(Atomics.load(claims.next, 0)).toBe(todo.length + 1);
    await exited;
    // Every job answered, or its source's entry came with a reference list; then the end.
    expect(replies.at(-1)).toBeNull();
    // First, whether each style prints a line locator: the answers this thread would work out.
    const [first, ...rest] = replies;
    expect(first && 'locators' in first ? first.locators : undefined).toEqual(locatorAnswers(todo.flatMap((j) => (j.kind === 'briefing' ? [j.request] : []))));
    const results = rest.flatMap((r) => (r && 'key' in r ? [r] : []));
    expect(results).toHaveLength(rest.length - 1);
    const answered = new Set(results.map((r) => r.key));
    expect(todo.filter((j) => !answered.has(j.key))).toEqual([]);
    expect(results.filter((r) => r.error)).toEqual([]);
    expect(results.some((r) => r.shared)).toBe(true);
    const values = new Map(results.map((r) => [r.key, r.value] as const));
    for (const job of todo) expect(values.get(job.key), job.key).toEqual(job.kind === 'briefing' ? computeBriefingReferences(job.request) : computeSourceReference(job.style, job.item));
  });

  test('a job citeproc cannot format fails in the worker, and the page formats it itself and reports the error', { timeout: 120_000 }, async () => {
    const style = { ...catalog.byName.get('apa')!, id: 'attest-no-such-style' };
    const item = { id: 'ghost', type: 'article-newspaper', title: 'Ghost' } as CslData;
    const bad: FormatJob = { key: 'bad-job', kind: 'source', style, item };
    const done = formatAhead([bad], { root, stylesDir: 'styles', minJobs: 1 });
    await expect(pendingReference('bad-job')).rejects.toThrow(/Cannot find style/);
    await done;
    expect(storedReference('bad-job')).toBeUndefined();
    await expect(formatSourceReferenceSoon(style, item)).rejects.toThrow(/Cannot find style/);
    // A briefing in that style: its job fails alone, and the worker goes on with the next.
    const briefing = { style, locale: undefined, items: [item], cites: [{ key: 'ghost', locator: '3' }] };
    const good = jobs.find((j) => j.kind === 'source' && storedReference(j.key) === undefined) ?? { key: 'good-job', kind: 'source', style: catalog.byName.get('apa')!, item: { ...item, id: 'good' } as CslData };
    const both = formatAhead([{ key: 'bad-briefing', kind: 'briefing', request: briefing }, good], { root, stylesDir: 'styles', minJobs: 1, maxWorkers: 1 });
    await expect(pendingReference('bad-briefing')).rejects.toThrow(/Cannot find style/);
    await both;
    expect(storedReference(good.key)).toBeDefined();
  });

  test('results outlive the build in a cache file that a new formatting version ignores', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'attest-refs-'));
    const file = path.join(dir, 'attest/references.json');
    const saved = saveReferenceCache(file);
    expect(saved).toBeGreaterThanOrEqual(jobs.length);
    // Everything is in this process's store already, so nothing new is loaded…
    expect(loadReferenceCache(file)).toBe(0);
    // …and a file from another citeproc-js or cache format is not read at all.
    writeFileSync(file, JSON.stringify({ version: 'attest-references-0|1.0.0|0.1.0', entries: { x: 'stale' } }));
    expect(loadReferenceCache(file)).toBe(0);
    expect(storedReference('x')).toBeUndefined();
    expect(loadReferenceCache(path.join(dir, 'missing.json'))).toBe(0);
  });
});
