/**
 * Format an ISO date (`2022-01-10`, `2022-01`, `2022`) for readers, in UTC so
 * the day never shifts with the build machine's time zone.
 * @param iso The date as stored.
 * @param lang BCP 47 language for month names.
 * @returns e.g. `10 January 2022`.
 */
export function formatDate(iso: string, lang = 'en'): string {
  const [y, m, d] = iso.split('-').map(Number);
  const date = new Date(Date.UTC(y!, (m ?? 1) - 1, d ?? 1));
  const options: Intl.DateTimeFormatOptions = { timeZone: 'UTC', year: 'numeric' };
  if (m) options.month = 'long';
  if (d) options.day = 'numeric';
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : lang, options).format(date);
}
