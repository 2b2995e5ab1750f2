import { getShared } from './shared-infra';

export default async function globalTeardown(): Promise<void> {
  const { stopKafka, stopPostgres } = getShared();
  await stopKafka?.();
  await stopPostgres?.();
}
