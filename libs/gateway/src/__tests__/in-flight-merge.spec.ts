import { InFlightMerge } from '../in-flight-merge';

describe('InFlightMerge', () => {
  const deferred = () => {
    let resolve!: (value: { rows: number[] }) => void;
    const promise = new Promise<{ rows: number[] }>((r) => (resolve = r));
    return { promise, resolve };
  };

  it('does identical work in flight once and gives each caller an answer it may change alone', async () => {
    let merged = 0;
    const merge = new InFlightMerge<{ rows: number[] }>(structuredClone, () => merged++);
    const work = deferred();
    let calls = 0;
    const run = () =>
      merge.run('same', () => {
        calls++;
        return work.promise;
      });
    const answers = [run(), run(), run()].map((p) =>
      p.then((answer) => {
        answer.rows.push(answer.rows.length); // each caller changes its answer in place
        return answer;
      }),
    );
    work.resolve({ rows: [1] });
    expect(await Promise.all(answers)).toEqual([{ rows: [1, 1] }, { rows: [1, 1] }, { rows: [1, 1] }]);
    expect({ calls, merged, inFlight: merge.size }).toEqual({ calls: 1, merged: 2, inFlight: 0 });
  });

  it('never merges different keys, nor work that starts after the first has settled', async () => {
    const merge = new InFlightMerge<number>((n) => n);
    let calls = 0;
    const work = () => Promise.resolve(++calls);
    expect(await Promise.all([merge.run('a', work), merge.run('b', work)])).toEqual([1, 2]);
    expect(await merge.run('a', work)).toBe(3);
  });

  it('hands a failure to every waiting caller and forgets it', async () => {
    const merge = new InFlightMerge<number>((n) => n);
    const failing = () => Promise.reject(new Error('недоступен'));
    await expect(Promise.all([merge.run('k', failing), merge.run('k', failing)])).rejects.toThrow(
      'недоступен',
    );
    expect(await merge.run('k', () => Promise.resolve(7))).toBe(7);
  });
});
