/**
 * `npm run cite -- "words"`: print ready-to-paste citations for the source
 * lines that contain the words, best matches first.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { findLines, type LineHit } from '../lib/cite-search.ts';
import { loadSources } from '../lib/sources.ts';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { root: { type: 'string', default: '.' }, sources: { type: 'string', default: 'sources' }, limit: { type: 'string', default: '10' } },
});
const query = positionals.join(' ').trim();
if (!query) {
  process.stderr.write('usage: npm run cite -- "words to find"\n');
  process.exit(2);
}
const { byKey } = loadSources(path.resolve(values.root), values.sources);
const { hits, near } = findLines(byKey.values(), query, Number(values.limit));
const show = (h: LineHit) => {
  const text = h.text.length > 160 ? h.text.slice(0, 157) + '…' : h.text;
  return `[@${h.key}, l. ${h.line}]  ${text}`;
};
if (hits.length) {
  for (const h of hits) process.stdout.write(show(h) + '\n');
} else {
  process.stdout.write(`No source line contains \u201c${query}\u201d.${near.length ? ' The closest lines:' : ''}\n`);
  for (const h of near) process.stdout.write(`${show(h)}  (${Math.round(h.score * 100)}% alike)\n`);
  process.exitCode = 1;
}
