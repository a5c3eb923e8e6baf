/**
 * Diagnostics: every author mistake becomes one of these, never an exception.
 * The printed form is `path:line:column: severity: message [rule]`, the shape
 * compilers and editors already understand.
 */

export type Severity = 'error' | 'warning';

export interface Diagnostic {
  /** Path of the file at fault, relative to the project root where possible. */
  file: string;
  /** 1-based line. */
  line: number;
  /** 1-based column. */
  column: number;
  severity: Severity;
  message: string;
  /** Stable rule id, e.g. `unknown-source`. */
  rule: string;
  /** A fix the author can apply, if one is known. */
  suggestion?: string;
}

/**
 * Format one diagnostic as `path:line:column: severity: message [rule]`.
 * @param d The diagnostic.
 * @returns One line of text (the suggestion, if any, is part of the message).
 */
export function formatDiagnostic(d: Diagnostic): string {
  const hint = d.suggestion ? `; ${d.suggestion}` : '';
  return `${d.file}:${d.line}:${d.column}: ${d.severity}: ${d.message}${hint} [${d.rule}]`;
}

/**
 * Order diagnostics by file, then position, so output is stable across runs.
 * @param list Diagnostics in any order.
 * @returns A new, sorted array.
 */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) => a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column,
  );
}

/** Count errors (warnings do not fail a build unless `--strict`). */
export function countErrors(list: readonly Diagnostic[]): number {
  return list.filter((d) => d.severity === 'error').length;
}

/**
 * Quote a user value for a message, the way unified tools do: in backticks.
 * @param value Any user-provided text.
 * @returns The value wrapped in backticks.
 */
export function code(value: string): string {
  return '`' + value + '`';
}

/**
 * `1 error`, `2 errors`: counts in summaries.
 * @param n The count.
 * @param word The singular noun.
 * @returns The count with the noun in the right number.
 */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
