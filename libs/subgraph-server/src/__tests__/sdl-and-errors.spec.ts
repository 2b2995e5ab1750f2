import { mergeLinks, translateVariableError } from '..';

describe('mergeLinks', () => {
  it('keeps one federation @link with the union of the imports of every feature file', () => {
    const merged = mergeLinks([
      'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key"])\ntype A @key(fields: "id") { id: ID! }',
      'extend schema @link(url: "https://specs.apollo.dev/federation/v2.9", import: ["@key", "@shareable"])\ntype B { id: ID! }',
    ]);
    expect(merged.join('\n').match(/@link/g)).toHaveLength(1);
    expect(merged[0]).toContain('import: ["@key", "@shareable"]');
    expect(merged[1]).toContain('type B');
  });
});

describe('translateVariableError', () => {
  it('names the field and answers in Russian', () => {
    const result = translateVariableError({
      message:
        'Variable "$input" got invalid value "x" at "input.municipalityId"; Value is not a valid UUID: x',
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(result).toMatchObject({
      message: 'Неверное значение поля input.municipalityId: ожидается идентификатор UUID',
      extensions: { code: 'BAD_USER_INPUT', field: 'input.municipalityId' },
    });
  });
});
