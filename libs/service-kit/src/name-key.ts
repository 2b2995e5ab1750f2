/** Case-insensitive key of a Russian name: lower case, «ё» as «е», white space folded. */
export function nameKey(name: string): string {
  return name.toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ').trim();
}
