import type { Locale } from '../../core/messages/index.js';

/** The language of the pages when neither the phone nor the browser names one they speak. */
export const defaultPageLocale: Locale = 'en-US';

/** Languages the pages speak, by primary subtag: a browser asking for fr-CA or fr gets fr-FR. */
const byLanguage: ReadonlyMap<string, Locale> = new Map([
  ['en', 'en-US'],
  ['fr', 'fr-FR'],
]);

/** Headers longer than this are read only this far: a browser sends a few dozen characters. */
const maxHeaderChars = 1_000;

/**
 * The language a browser's Accept-Language asks for, among those the pages speak: the
 * highest q-value wins, ties by order; `*`, q=0 and unknown or malformed entries are skipped.
 * Never throws: a header it cannot read gives the default.
 */
export function acceptLanguageLocale(header: string | readonly string[] | undefined): Locale {
  const text = (typeof header === 'string' ? header : (header ?? []).join(',')).slice(0, maxHeaderChars);
  let best: { locale: Locale; q: number } | undefined;
  for (const entry of text.split(',')) {
    const [range = '', ...parameters] = entry.split(';').map((part) => part.trim());
    const locale = byLanguage.get(range.split('-')[0]!.toLowerCase());
    if (!locale || !/^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(range)) continue;
    const q = qualityOf(parameters);
    if (q > 0 && (!best || q > best.q)) best = { locale, q };
  }
  return best?.locale ?? defaultPageLocale;
}

function qualityOf(parameters: readonly string[]): number {
  const q = parameters.find((parameter) => /^q\s*=/i.test(parameter));
  if (q === undefined) return 1;
  const value = q.replace(/^q\s*=\s*/i, '');
  return /^(0(\.\d{0,3})?|1(\.0{0,3})?)$/.test(value) ? Number(value) : 0;
}
