import { mkdtempSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, test } from 'vitest';
import { claimRecordsFile, knownClaimRecords, loadClaimRecords, saveClaimRecords, type ClaimPage } from '../../src/integration/claim-records-file.ts';
import { claimRecords } from '../../src/lib/claim-records.ts';

const page = (verdict: string) =>
  `<!DOCTYPE html><html lang="en"><body><main><span hidden data-search-fields="{&quot;kind&quot;:&quot;briefing&quot;,&quot;filters&quot;:{},&quot;sortDate&quot;:&quot;2024-01-01&quot;}"></span><h1>A briefing</h1><article class="claim-card" id="claim-a" data-claim="" data-verdict="${verdict}"><p class="claim-text">The bridge opened.</p></article></main></body></html>`;

describe('claim records kept by the build for the index step', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'attest-claims-'));
  const outDir = path.join(dir, 'dist');
  const html = path.join(dir, 'page.html');
  const file = claimRecordsFile(path.join(dir, 'cache'));

  const keep = () => {
    writeFileSync(html, page('true'));
    utimesSync(html, 1_700_000_000, 1_700_000_000);
    const { size, mtimeMs } = statSync(html);
    const kept: ClaimPage = { url: '/briefings/a/', size, mtimeMs, records: claimRecords(page('true'), '/briefings/a/') };
    saveClaimRecords(file, outDir, [kept]);
    return kept;
  };

  test('are used for a page as it was written', () => {
    const kept = keep();
    expect(kept.records).toHaveLength(1);
    expect(knownClaimRecords(loadClaimRecords(file, outDir), '/briefings/a/', html)).toEqual(kept.records);
  });

  test('are not used for a page changed since, another output folder, or a page never seen', () => {
    keep();
    const known = loadClaimRecords(file, outDir);
    expect(knownClaimRecords(known, '/briefings/b/', html)).toBeUndefined();
    expect(loadClaimRecords(file, path.join(dir, 'elsewhere'))).toBeUndefined();
    expect(loadClaimRecords(path.join(dir, 'none.json'), outDir)).toBeUndefined();
    // Same size, another verdict: only the time tells.
    writeFileSync(html, page('fake'));
    utimesSync(html, 1_700_000_001, 1_700_000_001);
    expect(statSync(html).size).toBe(Buffer.byteLength(page('true')));
    expect(knownClaimRecords(known, '/briefings/a/', html)).toBeUndefined();
    writeFileSync(file, '{ not json');
    expect(loadClaimRecords(file, outDir)).toBeUndefined();
  });
});
