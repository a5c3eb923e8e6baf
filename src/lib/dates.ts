/**
 * Format an ISO date (`2022-01-10`, `2022-01`, `2022`) for readers, in UTC so
 * the day never shifts with the build machine's time zone.
 * @param iso The date as stored.
 * @param lang BCP 47 language for month names.
 * @returns e.g. `10 January 2022`.
 */
export function formatDate(iso: string, lang = 'en'): string {
  const key = `${lang}\u0000${iso}`;
  let text = formatted.get(key);
  if (text === undefined) {
    const [y, m, d] = iso.split('-').map(Number);
    const date = new Date(Date.UTC(y!, (m ?? 1) - 1, d ?? 1));
    text = formatter(lang === 'en' ? 'en-GB' : lang, m ? (d ? 'day' : 'month') : 'year').format(date);
    formatted.set(key, text);
  }
  return text;
}

// Even a built formatter takes tens of microseconds a date, and 10,000 source pages share a few hundred dates.
const formatted = new Map<string, string>();

// Building an Intl formatter costs far more than using one; a site formats
// thousands of dates in a handful of languages and precisions.
const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(locale: string, precision: 'day' | 'month' | 'year'): Intl.DateTimeFormat {
  const key = `${locale}\u0000${precision}`;
  let f = formatters.get(key);
  if (!f) {
    const options: Intl.DateTimeFormatOptions = { timeZone: 'UTC', year: 'numeric' };
    if (precision !== 'year') options.month = 'long';
    if (precision === 'day') options.day = 'numeric';
    f = new Intl.DateTimeFormat(locale, options);
    formatters.set(key, f);
  }
  return f;
}
