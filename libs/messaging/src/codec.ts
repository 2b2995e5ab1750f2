import { envelopeSchema, eventCatalogue, isEventType } from '@opora/event-contracts';
import type { DomainEvent } from '@opora/event-contracts';

export class UndecodableEventError extends Error {
  override name = 'UndecodableEventError';
}

/**
 * Parses a Kafka message value into a typed domain event, checking the envelope and the payload
 * against the catalogue. Throws UndecodableEventError for anything else: such a message is
 * poison and goes straight to the dead-letter topic.
 */
export function decodeEvent(value: Buffer | null): DomainEvent {
  if (!value) throw new UndecodableEventError('пустое сообщение');
  let raw: unknown;
  try {
    raw = JSON.parse(value.toString('utf8'));
  } catch {
    throw new UndecodableEventError('сообщение не является JSON');
  }
  const envelope = envelopeSchema.safeParse(raw);
  if (!envelope.success) throw new UndecodableEventError(`неверный конверт: ${envelope.error.message}`);
  const { type, version } = envelope.data;
  if (!isEventType(type)) throw new UndecodableEventError(`неизвестный тип события ${type}`);
  const contract = eventCatalogue[type];
  if (contract.version !== version)
    throw new UndecodableEventError(`${type}: версия ${version} не поддерживается`);
  const data = contract.data.safeParse(envelope.data.data);
  if (!data.success) throw new UndecodableEventError(`${type}: неверные данные: ${data.error.message}`);
  return { ...envelope.data, type, data: data.data } as DomainEvent;
}

export function encodeEvent(event: DomainEvent): Buffer {
  return Buffer.from(JSON.stringify(event), 'utf8');
}
