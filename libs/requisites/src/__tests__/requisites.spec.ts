import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { isValidInn, isValidOgrn } from '..';

describe('INN and OGRN check digits (docs/domain.md, "Dates, names and numbers": INN and OGRN carry check digits)', () => {
  it('accepts the OGRN of every school in the real Moscow open data file', () => {
    const csv = readFileSync(join(__dirname, '../../../../../shared/data/moscow-ege-2015-2016.csv'), 'utf8');
    const ogrns = [...csv.matchAll(/;"(\d{13})";/g)].map((m) => m[1]);
    expect(ogrns.length).toBe(626);
    expect(ogrns.filter((o) => !isValidOgrn(o))).toEqual([]);
  });

  it('rejects an OGRN whose last digit is changed, or of the wrong length', () => {
    expect(isValidOgrn('1027700566761')).toBe(true);
    expect(isValidOgrn('1027700566762')).toBe(false);
    expect(isValidOgrn('102770056676')).toBe(false);
    expect(isValidOgrn('10277005667a1')).toBe(false);
  });

  it('checks the INN of a legal entity (10 digits)', () => {
    expect(isValidInn('7707083893')).toBe(true); // ПАО Сбербанк, a published INN
    expect(isValidInn('7707083894')).toBe(false);
    expect(isValidInn('770708389')).toBe(false);
  });
});
