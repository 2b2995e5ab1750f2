/**
 * Check digits of Russian organization identifiers (docs/domain.md, "Dates, names and numbers": INN and OGRN carry check digits).
 * INN of a legal entity: 10 digits, the last = (Σ wᵢ·dᵢ mod 11) mod 10 with w = 2,4,10,3,5,9,4,6,8.
 * OGRN: 13 digits, the last = (first 12 digits as a number mod 11) mod 10.
 */
export function isValidInn(inn: string): boolean {
  if (!/^\d{10}$/.test(inn)) return false;
  return innCheckDigit(inn.slice(0, 9)) === Number(inn[9]);
}

export function isValidOgrn(ogrn: string): boolean {
  if (!/^\d{13}$/.test(ogrn)) return false;
  return ogrnCheckDigit(ogrn.slice(0, 12)) === Number(ogrn[12]);
}

/** The check digit that completes the first 9 digits of an organization's INN. */
export function innCheckDigit(first9: string): number {
  const weights = [2, 4, 10, 3, 5, 9, 4, 6, 8];
  return (weights.reduce((acc, w, i) => acc + w * Number(first9[i]), 0) % 11) % 10;
}

/** The check digit that completes the first 12 digits of an OGRN. */
export function ogrnCheckDigit(first12: string): number {
  return Number((BigInt(first12) % 11n) % 10n);
}
