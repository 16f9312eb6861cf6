import { expect } from '@open-wc/testing';
import { createFormatter, resolveLocale } from '../../../widgets/core/format';

describe('format', () => {
  it('formats numbers, signed changes, percents and currency per locale', () => {
    const en = createFormatter('en-US');
    const de = createFormatter('de-DE');
    expect(en.number(12345.6)).to.equal('12,345.6');
    expect(de.number(12345.6)).to.equal('12.345,6');
    expect([en.signed(5), en.signed(-3), en.signed(0)]).to.deep.equal(['+5', '-3', '0']);
    expect(en.percent(0.253)).to.equal('25%');
    expect(en.percent(0.253, 1)).to.equal('25.3%');
    expect(en.currency(48200)).to.equal('$48,200');
    expect(de.currency(48200, 'EUR').replace(/\s/g, ' ')).to.equal('48.200 €');
  });

  it('formats dates and relative times', () => {
    const en = createFormatter('en-US');
    expect(en.date('2025-10-20T12:00:00Z', { dateStyle: 'medium', timeZone: 'UTC' })).to.equal('Oct 20, 2025');
    const now = Date.parse('2025-10-20T12:00:00Z');
    expect(en.relativeTime('2025-10-17T12:00:00Z', now)).to.equal('3 days ago');
    expect(en.relativeTime('2025-10-20T14:00:00Z', now)).to.equal('in 2 hours');
    expect(en.relativeTime(now, now)).to.equal('now');
  });

  it('resolves the locale: attribute, nearest lang, browser; invalid tags are skipped', () => {
    const outer = document.createElement('div');
    outer.lang = 'fr-CA';
    const inner = document.createElement('span');
    outer.append(inner);
    expect(resolveLocale(inner, 'de-DE')).to.equal('de-DE');
    expect(resolveLocale(inner)).to.equal('fr-CA');
    expect(resolveLocale(inner, 'not a locale!')).to.equal('fr-CA');
    expect(resolveLocale(null)).to.equal(navigator.language);
  });
});
