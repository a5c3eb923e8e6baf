/**
 * `npm run cite`: find the source lines that contain some words, with the
 * same folding as quote matching, so curly quotes and dashes do not matter.
 */
import search from 'approx-string-match';
import { fold } from './quote-match.ts';
import type { Source } from './sources.ts';

export interface LineHit {
  key: string;
  line: number;
  text: string;
  /** 1 for the exact phrase; less for all words in another order, or a near match. */
  score: number;
}

const tokens = (s: string) => s.split(/[^\p{L}\p{N}]+/u).filter(Boolean);

/**
 * Find lines containing the words.
 * @param sources Every source.
 * @param query The words to look for.
 * @param limit How many hits at most.
 * @returns Hits, best first; `near` holds the closest lines when nothing matched.
 */
export function findLines(sources: Iterable<Source>, query: string, limit = 10): { hits: LineHit[]; near: LineHit[] } {
  const phrase = fold(query).text.toLowerCase().trim();
  const words = tokens(phrase);
  const hits: LineHit[] = [];
  const all: Array<{ key: string; line: number; text: string; folded: string }> = [];
  for (const source of sources) {
    source.lines.forEach((text, i) => {
      if (!text.trim()) return;
      const folded = fold(text).text.toLowerCase();
      all.push({ key: source.key, line: i + 1, text, folded });
      if (phrase && folded.includes(phrase)) hits.push({ key: source.key, line: i + 1, text, score: 1 });
      else if (words.length > 1) {
        const have = new Set(tokens(folded));
        if (words.every((w) => have.has(w))) hits.push({ key: source.key, line: i + 1, text, score: 0.9 });
      }
    });
  }
  const order = (a: LineHit, b: LineHit) => b.score - a.score || a.text.length - b.text.length || a.key.localeCompare(b.key) || a.line - b.line;
  if (hits.length || !phrase) return { hits: hits.sort(order).slice(0, limit), near: [] };
  const maxErrors = Math.max(1, Math.ceil(phrase.length * 0.5));
  const near: LineHit[] = [];
  for (const l of all) {
    const m = search(l.folded, phrase, maxErrors);
    if (m.length === 0) continue;
    const errors = Math.min(...m.map((x) => x.errors));
    near.push({ key: l.key, line: l.line, text: l.text, score: 1 - errors / phrase.length });
  }
  return { hits: [], near: near.sort(order).slice(0, 5) };
}
