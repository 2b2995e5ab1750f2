import { randomInt } from 'node:crypto';

import { innCheckDigit, ogrnCheckDigit } from '@opora/requisites';

const digits = (n: number) => Array.from({ length: n }, () => randomInt(10)).join('');

/** A random INN of a legal entity with a valid check digit. */
export function randomInn(): string {
  const first9 = `${randomInt(1, 10)}${digits(8)}`;
  return `${first9}${innCheckDigit(first9)}`;
}

/** A random OGRN with a valid check digit. */
export function randomOgrn(): string {
  const first12 = `1${digits(11)}`;
  return `${first12}${ogrnCheckDigit(first12)}`;
}

/** Input builders with random unique parts, so specs never depend on each other's data. */
export const build = {
  region: (over: Partial<{ code: string; name: string }> = {}) => ({
    code: over.code ?? String(randomInt(10, 100)),
    name: over.name ?? `Тестовая область ${digits(6)}`,
  }),
  municipality: (regionId: string, over: Partial<{ name: string; oktmo: string | null }> = {}) => ({
    regionId,
    name: over.name ?? `Тестовый муниципальный район ${digits(6)}`,
    oktmo: over.oktmo ?? null,
  }),
  school: (municipalityId: string, over: Record<string, unknown> = {}) => ({
    municipalityId,
    kind: 'SCHOOL',
    fullName: `Муниципальное общеобразовательное учреждение «Средняя общеобразовательная школа № ${randomInt(1, 999)}» ${digits(4)}`,
    shortName: `МОУ «СОШ № ${randomInt(1, 999)}»`,
    inn: randomInn(),
    ogrn: randomOgrn(),
    ...over,
  }),
};

/**
 * `count` schools as the CSV an authority sends (`;`, header «ОГРН;ИНН;Полное наименование;
 * Муниципальное образование»), with distinct valid OGRNs and INNs, spread over `municipalities`.
 */
export function schoolsCsv(count: number, municipalities: string[]): string {
  const ogrns = new Set<string>();
  const inns = new Set<string>();
  while (ogrns.size < count) ogrns.add(randomOgrn());
  while (inns.size < count) inns.add(randomInn());
  const [ogrnList, innList] = [[...ogrns], [...inns]];
  const lines = ['ОГРН;ИНН;Полное наименование;Муниципальное образование'];
  for (let i = 0; i < count; i += 1)
    lines.push(`${ogrnList[i]};${innList[i]};Школа № ${i + 1};${municipalities[i % municipalities.length]}`);
  return `${lines.join('\n')}\n`;
}
