/**
 * The search form of Russian names (docs/domain.md, "Dates, names and numbers"): lower case, «ё» as
 * «е», quotes, «№» and other punctuation as spaces. «МОУ «СОШ № 4»» becomes «моу сош 4», so the
 * query «сош 4» finds it.
 */
export function searchKey(...parts: (string | null | undefined)[]): string {
  return parts
    .filter((part): part is string => Boolean(part))
    .join(' ')
    .toLowerCase()
    .replace(/ё/g, 'е')
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Words of a search query. A word of letters matches the beginning of a word of the name
 * («сош» finds «СОШ», «приозер» finds «Приозерская»); a number matches a whole number only, so
 * «4» finds «№ 4» but not «№ 42».
 */
export function searchPatterns(query: string): string[] {
  return searchKey(query)
    .split(' ')
    .filter(Boolean)
    .slice(0, 10)
    .map((word) => (/^\p{N}+$/u.test(word) ? `% ${word} %` : `% ${word}%`));
}
