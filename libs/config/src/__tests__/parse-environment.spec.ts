import { z } from 'zod';

import { EnvironmentError, kafkaModel, parseEnvironment } from '..';

describe('parseEnvironment', () => {
  const model = z.object({ ...kafkaModel, PORT: z.coerce.number().int().min(1) });

  it('returns a typed, frozen object', () => {
    const env = parseEnvironment(model, { KAFKA_BROKERS: 'a:9092, b:9093', PORT: '4001' });
    expect(env.KAFKA_BROKERS).toEqual(['a:9092', 'b:9093']);
    expect(env.PORT).toBe(4001);
    expect(Object.isFrozen(env)).toBe(true);
  });

  it('reports every wrong or missing variable at once, naming each', () => {
    try {
      parseEnvironment(model, { KAFKA_BROKERS: 'без-порта', PORT: '' });
      throw new Error('expected a failure');
    } catch (error) {
      expect(error).toBeInstanceOf(EnvironmentError);
      const problems = (error as EnvironmentError).problems;
      expect(problems).toHaveLength(2);
      expect(problems[0]).toMatch(/^KAFKA_BROKERS.*брокер в виде host:port.*«без-порта»/);
      expect(problems[1]).toMatch(/^PORT: .*\(переменная не задана\)/);
    }
  });
});
