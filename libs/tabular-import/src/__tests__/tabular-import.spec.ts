import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';

import { decodeText, detectDelimiter, mapRow, readTable, resolveColumns, TabularError } from '../index';

const MOSCOW_FILE = join(__dirname, '../../../../../shared/data/moscow-ege-2015-2016.csv');

const fields = {
  ogrn: { synonyms: ['ОГРН', 'OGRN'] },
  fullName: { synonyms: ['Полное наименование', 'EDU_NAME'], required: true },
  municipality: { synonyms: ['Муниципальное образование', 'AdmArea'], required: true },
};

async function tabularError(work: () => unknown): Promise<TabularError> {
  try {
    await work();
  } catch (error) {
    if (error instanceof TabularError) return error;
    throw error;
  }
  throw new Error('ожидалась ошибка TabularError');
}

describe('readTable on CSV', () => {
  it('reads the real Moscow file: 626 rows, «;», quoted cells, trailing delimiter, rows numbered from 2', async () => {
    const table = await readTable(readFileSync(MOSCOW_FILE), { fileName: 'moscow.csv' });
    expect(table).toMatchObject({ format: 'csv', encoding: 'utf8' });
    expect(table.columns).toContain('AdmArea');
    expect(table.columns).not.toContain('');
    expect(table.rows).toHaveLength(626);
    expect(table.rows[0].row).toBe(2);
    expect(table.rows[0].cells.OGRN).toBe('1027700566761');
    expect(table.rows[1].cells.EDU_NAME).toBe(
      'Государственное бюджетное общеобразовательное учреждение города Москвы «Школа № 426»',
    );
    expect(table.rows.at(-1)!.row).toBe(627);
  });

  it('auto-detects Windows-1251, keeps a BOM-less header, and numbers rows past blank lines as in the file', async () => {
    const text =
      'ОГРН,Полное наименование\r\n1027700566761,"Школа ""Ёлочка"", Москва"\r\n\r\n1027739314734,Школа № 426\r\n';
    const table = await readTable(iconv.encode(text, 'win1251'));
    expect(table.encoding).toBe('windows-1251');
    expect(table.columns).toEqual(['ОГРН', 'Полное наименование']);
    expect(table.rows.map((r) => [r.row, r.cells['Полное наименование']])).toEqual([
      [2, 'Школа "Ёлочка", Москва'],
      [4, 'Школа № 426'],
    ]);
  });

  it('reads the Moscow file re-saved in Windows-1251 (as Excel saves CSV) into the same rows', async () => {
    const utf8 = await readTable(readFileSync(MOSCOW_FILE));
    const cp1251 = await readTable(iconv.encode(readFileSync(MOSCOW_FILE, 'utf8'), 'win1251'));
    expect(cp1251.encoding).toBe('windows-1251');
    expect(cp1251.rows).toEqual(utf8.rows);
  });

  it('drops a UTF-8 BOM and reads tab-separated text', async () => {
    const table = await readTable(Buffer.from('\ufeffОГРН\tИНН\n1027700566761\t7701000000\n', 'utf8'));
    expect(table.columns).toEqual(['ОГРН', 'ИНН']);
    expect(table.rows[0].cells).toEqual({ ОГРН: '1027700566761', ИНН: '7701000000' });
  });

  it('refuses Windows-1251 bytes declared as UTF-8 with WRONG_ENCODING', async () => {
    const error = await tabularError(() =>
      readTable(iconv.encode('ОГРН;Наименование\n1;Школа\n', 'win1251'), { encoding: 'utf8' }),
    );
    expect(error.code).toBe('WRONG_ENCODING');
    expect(error.message).toMatch(/не в кодировке UTF-8/);
  });

  it('refuses a UTF-8 Russian file declared as Windows-1251 with WRONG_ENCODING', async () => {
    const error = await tabularError(() =>
      readTable(readFileSync(MOSCOW_FILE), { encoding: 'windows-1251' }),
    );
    expect(error.code).toBe('WRONG_ENCODING');
  });

  it('refuses UTF-16 text (Excel’s «Unicode text») with WRONG_ENCODING instead of reading garbage', async () => {
    const error = await tabularError(() => readTable(Buffer.from('\ufeffОГРН\tИНН\n', 'utf16le')));
    expect(error.code).toBe('WRONG_ENCODING');
    expect(error.message).toMatch(/UTF-16/);
  });

  it('refuses an unclosed quote with MALFORMED_CSV and the line', async () => {
    const error = await tabularError(() => readTable(Buffer.from('a;b\n"x;y\n')));
    expect(error.code).toBe('MALFORMED_CSV');
  });

  it('refuses a repeated header with DUPLICATE_COLUMN naming it', async () => {
    const error = await tabularError(() => readTable(Buffer.from('ОГРН;ОГРН\n1;2\n')));
    expect(error).toMatchObject({ code: 'DUPLICATE_COLUMN', where: { row: 1, column: 'ОГРН' } });
  });

  it('refuses an empty file and .xls files', async () => {
    expect((await tabularError(() => readTable(Buffer.alloc(0)))).code).toBe('EMPTY_FILE');
    expect((await tabularError(() => readTable(Buffer.from('x'), { fileName: 'old.xls' }))).code).toBe(
      'UNSUPPORTED_FORMAT',
    );
  });
});

describe('readTable on XLSX', () => {
  async function workbook(build: (book: ExcelJS.Workbook) => void): Promise<Buffer> {
    const book = new ExcelJS.Workbook();
    build(book);
    return Buffer.from(await book.xlsx.writeBuffer());
  }

  it('reads the first sheet of a workbook written by exceljs: numbers as digits, rich text, row numbers of the sheet', async () => {
    const bytes = await workbook((book) => {
      const sheet = book.addWorksheet('Школы');
      sheet.addRow(['Код ОГРН', 'Название школы', 'Округ']);
      sheet.addRow([1027700566761, 'Школа № 179', 'Северный административный округ']);
      sheet.addRow([]);
      sheet.addRow([
        '1027739314734',
        { richText: [{ text: 'Школа ' }, { text: '№ 426', font: { bold: true } }] },
        'Южный административный округ',
      ]);
      book.addWorksheet('Прочее').addRow(['x']);
    });
    const table = await readTable(bytes);
    expect(table.format).toBe('xlsx');
    expect(table.rows.map((r) => [r.row, r.cells['Код ОГРН'], r.cells['Название школы']])).toEqual([
      [2, '1027700566761', 'Школа № 179'],
      [4, '1027739314734', 'Школа № 426'],
    ]);
  });

  it('reads a named sheet and refuses a missing one with SHEET_NOT_FOUND', async () => {
    const bytes = await workbook((book) => {
      book.addWorksheet('Первый').addRow(['a']);
      const second = book.addWorksheet('Организации');
      second.addRow(['ОГРН']);
      second.addRow(['1027700566761']);
    });
    expect((await readTable(bytes, { sheet: 'Организации' })).rows[0].cells).toEqual({
      ОГРН: '1027700566761',
    });
    expect((await tabularError(() => readTable(bytes, { sheet: 'Нет такого' }))).code).toBe(
      'SHEET_NOT_FOUND',
    );
  });

  it('refuses bytes named .xlsx that are not a workbook with MALFORMED_XLSX', async () => {
    const error = await tabularError(() => readTable(Buffer.from('ОГРН;ИНН\n'), { fileName: 'a.xlsx' }));
    expect(error.code).toBe('MALFORMED_XLSX');
  });
});

describe('column mapping', () => {
  const table = { columns: ['OGRN', 'EDU_NAME', 'AdmArea', 'Прочее'] };

  it('finds columns by synonyms, case- and «ё»-insensitively, and maps a row to trimmed values', () => {
    const columns = resolveColumns(
      { columns: ['огрн', 'ПОЛНОЕ НАИМЕНОВАНИЕ', 'Муниципальное  образование'] },
      fields,
    );
    expect(columns).toEqual({
      ogrn: 'огрн',
      fullName: 'ПОЛНОЕ НАИМЕНОВАНИЕ',
      municipality: 'Муниципальное  образование',
    });
    expect(
      mapRow(
        {
          row: 2,
          cells: {
            огрн: ' 1027700566761 ',
            'ПОЛНОЕ НАИМЕНОВАНИЕ': 'Школа',
            'Муниципальное  образование': '',
          },
        },
        columns,
      ),
    ).toEqual({ ogrn: '1027700566761', fullName: 'Школа' });
  });

  it('prefers the caller’s mapping over synonyms', () => {
    expect(resolveColumns(table, fields, { municipality: 'Прочее' }).municipality).toBe('Прочее');
  });

  it('refuses a mapping to a column the file lacks with UNKNOWN_COLUMN', async () => {
    const error = await tabularError(() => resolveColumns(table, fields, { fullName: 'Наименование' }));
    expect(error).toMatchObject({ code: 'UNKNOWN_COLUMN', where: { row: 1, column: 'Наименование' } });
  });

  it('refuses a missing required column with MISSING_COLUMN naming it', async () => {
    const error = await tabularError(() => resolveColumns({ columns: ['OGRN', 'AdmArea'] }, fields));
    expect(error).toMatchObject({ code: 'MISSING_COLUMN', where: { row: 1, column: 'Полное наименование' } });
  });
});

describe('helpers', () => {
  it('detects the delimiter of the header, ignoring delimiters inside quotes', () => {
    expect(detectDelimiter('"a;b";"c"\n')).toBe(';');
    expect(detectDelimiter('"a;b;c",d,e\n')).toBe(',');
    expect(detectDelimiter('a\tb\n')).toBe('\t');
  });

  it('decodes plain ASCII as UTF-8 under auto', () => {
    expect(decodeText(Buffer.from('abc'))).toEqual({ text: 'abc', encoding: 'utf8' });
  });
});
