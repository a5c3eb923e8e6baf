import { distance } from 'fastest-levenshtein';

/**
 * The known names closest to a misspelt one, for "did you mean" hints.
 * @param wrong What the author wrote.
 * @param known Every valid name.
 * @param max How many suggestions at most.
 * @returns Up to `max` names, nearest first; empty if none is close.
 */
export function suggestKeys(wrong: string, known: Iterable<string>, max = 3): string[] {
  const w = wrong.toLowerCase();
  const limit = Math.max(2, Math.floor(w.length / 3));
  const scored: Array<[string, number]> = [];
  for (const k of known) {
    const kl = k.toLowerCase();
    let d = distance(w, kl);
    // A key the author typed only the start (or end) of is a near miss too.
    if (w.length >= 3 && (kl.startsWith(w) || kl.endsWith(w) || kl.includes(w))) d = Math.min(d, 1);
    // The same words in another order (`newspaper-article`) are a near miss too.
    if (words(w) === words(kl)) d = Math.min(d, 1);
    if (d <= limit) scored.push([k, d]);
  }
  return scored
    .sort((a, b) => a[1] - b[1] || a[0].localeCompare(b[0]))
    .slice(0, max)
    .map(([k]) => k);
}

function words(s: string): string {
  return s.split(/[-_\s.]+/).sort().join(' ');
}
