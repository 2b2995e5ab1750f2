import { z } from 'zod';

/** Concern models shared by the apps' environment.ts files (Hive's pattern: one model per concern). */

const postgresUrl = z.string().regex(/^postgres(ql)?:\/\/[^\s]+$/, {
  message: 'ожидается адрес вида postgres://user:password@host:5432/db',
});

export const databaseModel = {
  DATABASE_URL: postgresUrl.default('postgres://postgres@127.0.0.1:5432/postgres'),
  /** This service's own database, created on first start when missing. */
  DATABASE_NAME: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/, { message: 'имя базы: строчные латинские буквы, цифры и _' }),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
};

const brokerList = z
  .string()
  .transform((value) =>
    value
      .split(',')
      .map((b) => b.trim())
      .filter(Boolean),
  )
  .pipe(
    z
      .array(z.string().regex(/^[^\s:]+:\d{1,5}$/, { message: 'брокер в виде host:port' }))
      .min(1, { message: 'нужен хотя бы один брокер host:port' }),
  );

export const kafkaModel = {
  KAFKA_BROKERS: brokerList,
  KAFKA_CLIENT_ID: z.string().min(1).optional(),
  /** Partitions per topic created at start-up (configuration, not code: ARCHITECTURE.md). */
  KAFKA_TOPIC_PARTITIONS: z.coerce.number().int().min(1).max(256).default(3),
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(5).default(1),
};

export const httpModel = {
  HOST: z.string().default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0, { message: 'порт от 0 (любой свободный) до 65535' }).max(65535),
};

const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

export const logModel = {
  LOG_LEVEL: logLevel.default('info'),
  LOG_PRETTY: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
};
