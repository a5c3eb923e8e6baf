import { loadStyles } from './src/lib/csl-styles.ts';
import { formatBriefingReferences } from './src/lib/reference-format.ts';
const cat = loadStyles('tests/fixtures', 'styles');
console.log(cat.diagnostics, [...cat.byName.keys()]);
const rt = { id: 'rt', type: 'article-newspaper', title: 'Date of key allied summit on Kazakhstan crisis announced', 'container-title': 'RT', issued: { 'date-parts': [[2022, 1, 9]] } };
const carey = { id: 'carey', type: 'article-newspaper', title: 'Can we get better at forgetting?', 'container-title': 'The New York Times', author: [{ family: 'Carey', given: 'Benedict' }], issued: { 'date-parts': [[2019, 3, 22]] }, URL: 'https://www.nytimes.com/2019/03/22/health/memory-forgetting-psychology.html' };
const out: Record<string, unknown> = {};
for (const name of ['apa', 'harvard1', 'vancouver', 'line-brief']) {
  const r = formatBriefingReferences(cat.byName.get(name)!, undefined, [rt, carey] as any, [{ key: 'rt', locator: '27-29' }, { key: 'rt' }, { key: 'carey', locator: '5' }, { key: 'carey' }]);
  out[name] = { 'rt, ll. 27-29': r.citation('rt', '27-29').html, rt: r.citation('rt').html, 'carey, l. 5': r.citation('carey', '5').html, carey: r.citation('carey').html, bibliography: r.bibliography?.map((e) => e.html.trim()) };
}
console.log(JSON.stringify(out, null, 2));
