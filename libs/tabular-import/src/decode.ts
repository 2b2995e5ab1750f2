import iconv from 'iconv-lite';

import { TabularError } from './errors';

export type TextEncoding = 'utf8' | 'windows-1251';
export type EncodingChoice = TextEncoding | 'auto';

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Valid UTF-8 decoded, or undefined when the bytes are not UTF-8. */
function tryUtf8(bytes: Buffer): string | undefined {
  try {
    return utf8.decode(bytes);
  } catch {
    return undefined;
  }
}

/**
 * Cyrillic UTF-8 read as Windows-1251 turns every letter into a pair starting with «Р» or «С»
 * followed by a byte from 0x80–0xBF («РЁРєРѕР»Р°» for «Школа»). Authorities' files never contain
 * such pairs in bulk, so a high share of them means the caller named the wrong encoding.
 */
function looksLikeUtf8ReadAsCp1251(text: string): boolean {
  const pairs = text.match(/[РС][\u0402-\u045f\u2018-\u203a\u00a0-\u00bf]/g)?.length ?? 0;
  const cyrillic = text.match(/[\u0400-\u04ff]/g)?.length ?? 0;
  return cyrillic > 20 && pairs * 2 > cyrillic * 0.8;
}

/**
 * Decodes a text file. `auto`: UTF-8 when the bytes are valid UTF-8, else Windows-1251 (the two
 * encodings Russian authorities' exports come in; Excel's «CSV» is Windows-1251). A UTF-8 BOM is
 * dropped. An explicit encoding that does not fit the bytes is refused with WRONG_ENCODING.
 */
export function decodeText(
  bytes: Buffer,
  choice: EncodingChoice = 'auto',
): { text: string; encoding: TextEncoding } {
  const body = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? bytes.subarray(3) : bytes;
  // NUL bytes never occur in UTF-8 or Windows-1251 text: UTF-16 (Excel's «Unicode text») or binary.
  if (body.includes(0))
    throw new TabularError(
      'WRONG_ENCODING',
      'Файл не в UTF-8 и не в Windows-1251 (похоже на UTF-16 или двоичный файл): сохраните его как CSV UTF-8',
    );
  const asUtf8 = choice === 'windows-1251' ? undefined : tryUtf8(body);
  if (choice === 'utf8') {
    if (asUtf8 === undefined)
      throw new TabularError(
        'WRONG_ENCODING',
        'Файл не в кодировке UTF-8; укажите кодировку Windows-1251 или автоопределение',
      );
    return { text: asUtf8, encoding: 'utf8' };
  }
  if (asUtf8 !== undefined) return { text: asUtf8, encoding: 'utf8' };
  const text = iconv.decode(body, 'win1251');
  if (choice === 'windows-1251' && tryUtf8(body) !== undefined && looksLikeUtf8ReadAsCp1251(text))
    throw new TabularError(
      'WRONG_ENCODING',
      'Файл в кодировке UTF-8, а указана Windows-1251; укажите UTF-8 или автоопределение',
    );
  return { text, encoding: 'windows-1251' };
}
