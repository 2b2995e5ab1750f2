import { randomUUID } from 'node:crypto';

import { decodeEvent, UndecodableEventError } from '../codec';

const valid = () => ({
  id: randomUUID(),
  type: 'registry.region.created',
  version: 1,
  occurredAt: new Date().toISOString(),
  source: 'registry',
  subject: randomUUID(),
  regionCode: '47',
  data: { regionId: randomUUID(), code: '47', name: 'Ленинградская область' },
});

describe('decodeEvent', () => {
  const encode = (value: unknown) => Buffer.from(JSON.stringify(value));

  it('decodes an envelope whose payload fits the catalogue', () => {
    const event = valid();
    expect(decodeEvent(encode(event))).toEqual(event);
  });

  it.each([
    ['an unknown type', { type: 'registry.unknown.happened' }, /неизвестный тип события/],
    ['an unsupported version', { version: 2 }, /версия 2 не поддерживается/],
    ['a payload that breaks the contract', { data: { regionId: 'x' } }, /неверные данные/],
    ['a bad region code', { regionCode: '047' }, /неверный конверт/],
  ])('refuses %s as poison', (_what, override, message) => {
    expect(() => decodeEvent(encode({ ...valid(), ...override }))).toThrow(UndecodableEventError);
    expect(() => decodeEvent(encode({ ...valid(), ...override }))).toThrow(message);
  });
});
