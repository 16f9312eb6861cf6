/**
 * Intl helpers. A widget's `locale` attribute wins; otherwise the nearest `lang` attribute,
 * then the browser's language. Formatters are cached per locale and options.
 */
import { msg, str } from '@lit/localize';

const cache = new Map<string, Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>();

function cached<T extends Intl.NumberFormat | Intl.DateTimeFormat | Intl.RelativeTimeFormat>(kind: string, locale: string, options: object, make: () => T): T {
  const key = `${kind}|${locale}|${JSON.stringify(options)}`;
  let formatter = cache.get(key) as T | undefined;
  if (!formatter) {
    formatter = make();
    cache.set(key, formatter);
  }
  return formatter;
}

/** A locale Intl accepts: the given one when valid, else the browser's, else `en`. */
export function resolveLocale(element?: Element | null, locale?: string | null): string {
  const candidates = [locale, element?.closest('[lang]')?.getAttribute('lang'), globalThis.navigator?.language, 'en'];
  for (const candidate of candidates) {
    if (!candidate) continue;
    try {
      return Intl.getCanonicalLocales(candidate)[0] ?? 'en';
    } catch {
      // not a valid tag: try the next
    }
  }
  return 'en';
}

const RELATIVE_UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 86_400_000],
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
  ['second', 1_000],
];

export interface Formatter {
  readonly locale: string;
  number(value: number, options?: Intl.NumberFormatOptions): string;
  /** `+5` / `−3` / `0`: a signed change. */
  signed(value: number, options?: Intl.NumberFormatOptions): string;
  /** A fraction as a percentage: 0.253 → `25%` (or `25.3%` with digits 1). */
  percent(fraction: number, digits?: number): string;
  currency(value: number, currency?: string, options?: Intl.NumberFormatOptions): string;
  date(value: string | number | Date, options?: Intl.DateTimeFormatOptions): string;
  /** `3 days ago`, `in 2 hours`, from `now`. */
  relativeTime(value: string | number | Date, now?: number | Date): string;
}

export function createFormatter(locale: string): Formatter {
  const number = (options: Intl.NumberFormatOptions = {}) => cached('n', locale, options, () => new Intl.NumberFormat(locale, options));
  return {
    locale,
    number: (value, options) => number(options).format(value),
    signed: (value, options) => number({ signDisplay: 'exceptZero', ...options }).format(value),
    percent: (fraction, digits = 0) =>
      number({ style: 'percent', minimumFractionDigits: digits, maximumFractionDigits: digits }).format(fraction),
    currency: (value, currency = 'USD', options) =>
      number({ style: 'currency', currency, maximumFractionDigits: 0, ...options }).format(value),
    date: (value, options = { dateStyle: 'medium' }) =>
      cached('d', locale, options, () => new Intl.DateTimeFormat(locale, options)).format(new Date(value)),
    relativeTime: (value, now = Date.now()) => {
      const diff = new Date(value).getTime() - new Date(now).getTime();
      const rtf = cached('r', locale, {}, () => new Intl.RelativeTimeFormat(locale, { numeric: 'auto' }));
      for (const [unit, ms] of RELATIVE_UNITS) {
        if (Math.abs(diff) >= ms || unit === 'second') return rtf.format(Math.round(diff / ms), unit);
      }
      return rtf.format(0, 'second');
    },
  };
}

/** A difference of two rates as signed percentage points: 0.152 → `+15.2 pts` (one decimal at most). */
export function percentagePoints(f: Formatter, fraction: number): string {
  const points = f.signed(Math.round(fraction * 1000) / 10, { maximumFractionDigits: 1 });
  return msg(str`${points} pts`, { desc: 'Percentage points.' });
}
