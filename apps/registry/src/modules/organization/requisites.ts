/**
 * Check digits of Russian organization identifiers (DOMAIN.md: "INN and OGRN have check digits").
 * INN of a legal entity: 10 digits, the last = (Σ wᵢ·dᵢ mod 11) mod 10 with w = 2,4,10,3,5,9,4,6,8.
 * OGRN: 13 digits, the last = (first 12 digits as a number mod 11) mod 10.
 */
export function isValidInn(inn: string): boolean {
  if (!/^\d{10}$/.test(inn)) return false;
  const weights = [2, 4, 10, 3, 5, 9, 4, 6, 8];
  const sum = weights.reduce((acc, w, i) => acc + w * Number(inn[i]), 0);
  return (sum % 11) % 10 === Number(inn[9]);
}

export function isValidOgrn(ogrn: string): boolean {
  if (!/^\d{13}$/.test(ogrn)) return false;
  return Number((BigInt(ogrn.slice(0, 12)) % 11n) % 10n) === Number(ogrn[12]);
}
