import { rejectDuplicates, validateRows } from '../organization-import.rows';

const columns = {
  ogrn: 'OGRN',
  inn: 'ИНН',
  fullName: 'EDU_NAME',
  municipality: 'AdmArea',
};

describe('validation of import rows (pure)', () => {
  it('reports every problem of a row with its column, and keeps the good rows', () => {
    const { valid, rejected } = validateRows(
      [
        { row: 2, cells: { OGRN: '1027700566761', ИНН: '', EDU_NAME: 'Школа № 179', AdmArea: 'САО' } },
        { row: 3, cells: { OGRN: '1027700566762', ИНН: '12345', EDU_NAME: '', AdmArea: 'ЮАО' } },
      ],
      columns,
    );
    expect(valid).toEqual([{ row: 2, ogrn: '1027700566761', fullName: 'Школа № 179', municipality: 'САО' }]);
    expect(rejected).toEqual([
      {
        row: 3,
        column: 'OGRN',
        field: 'OGRN',
        code: 'INVALID_VALUE',
        message: 'ОГРН: неверный контрольный разряд, проверьте номер',
      },
      { row: 3, column: 'ИНН', field: 'INN', code: 'INVALID_VALUE', message: 'ИНН организации — 10 цифр' },
      {
        row: 3,
        column: 'EDU_NAME',
        field: 'FULL_NAME',
        code: 'MISSING_VALUE',
        message: 'Полное наименование: значение не заполнено',
      },
    ]);
  });

  it('asks for an OGRN or an INN when a row has neither', () => {
    const { rejected } = validateRows([{ row: 2, cells: { EDU_NAME: 'Школа', AdmArea: 'САО' } }], columns);
    expect(rejected).toEqual([
      expect.objectContaining({
        row: 2,
        column: 'OGRN',
        code: 'MISSING_VALUE',
        message: expect.stringMatching(/ОГРН или ИНН/),
      }),
    ]);
  });

  it('keeps the first of two rows with one OGRN and names it in the second’s rejection', () => {
    const row = { fullName: 'Школа', municipality: 'САО' };
    const { unique, rejected } = rejectDuplicates(
      [
        { row: 2, ogrn: '1027700566761', ...row },
        { row: 7, ogrn: '1027700566761', inn: '7701000000', ...row },
      ],
      columns,
    );
    expect(unique.map((r) => r.row)).toEqual([2]);
    expect(rejected).toEqual([
      {
        row: 7,
        column: 'OGRN',
        field: 'OGRN',
        code: 'DUPLICATE_IN_FILE',
        message: 'ОГРН 1027700566761 уже встречается в строке 2',
      },
    ]);
  });
});
