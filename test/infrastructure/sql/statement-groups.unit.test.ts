import { StatementGroups } from '../../../src/infrastructure/sql/statement-groups';

/** A `send` whose statements the test ends by hand, recording each group it was given. */
function heldStatements() {
  const groups: string[][] = [];
  const pending: Array<() => void> = [];
  const send = (requests: readonly string[]): Promise<Array<string | Error>> => {
    groups.push([...requests]);
    return new Promise((resolve, reject) =>
      pending.push(() => {
        if (requests.includes('fail all')) reject(new Error('statement failed'));
        else resolve(requests.map((r) => (r.startsWith('bad') ? new Error(`refused ${r}`) : `answer ${r}`)));
      }),
    );
  };
  const finishNext = async () => {
    pending.shift()?.();
    await new Promise((resolve) => setImmediate(resolve));
  };
  return { groups, send, finishNext };
}

/** Each answer, or its error's message. */
const outcomes = (settled: ReadonlyArray<PromiseSettledResult<string>>): string[] =>
  settled.map((s) => (s.status === 'fulfilled' ? s.value : (s.reason as Error).message));

describe('StatementGroups', () => {
  it('sends a lone request at once, alone', async () => {
    const held = heldStatements();
    const groups = new StatementGroups(held.send, { maxInFlight: 2, maxGroup: 10 });
    const answer = groups.submit('a');
    expect(held.groups).toEqual([['a']]);
    await held.finishNext();
    await expect(answer).resolves.toBe('answer a');
  });

  it('sends what arrives while the statements in flight run as one group, in order, when one ends', async () => {
    const held = heldStatements();
    const groups = new StatementGroups(held.send, { maxInFlight: 2, maxGroup: 10 });
    const answers = ['a', 'b', 'c', 'd', 'e'].map((r) => groups.submit(r));
    expect(held.groups).toEqual([['a'], ['b']]);
    await held.finishNext();
    expect(held.groups).toEqual([['a'], ['b'], ['c', 'd', 'e']]);
    await held.finishNext();
    await held.finishNext();
    await expect(Promise.all(answers)).resolves.toEqual([
      'answer a',
      'answer b',
      'answer c',
      'answer d',
      'answer e',
    ]);
  });

  it('sends at most maxGroup requests in one statement', async () => {
    const held = heldStatements();
    const groups = new StatementGroups(held.send, { maxInFlight: 1, maxGroup: 2 });
    const answers = ['a', 'b', 'c', 'd', 'e'].map((r) => groups.submit(r));
    for (let i = 0; i < 4; i++) await held.finishNext();
    expect(held.groups).toEqual([['a'], ['b', 'c'], ['d', 'e']]);
    await expect(Promise.all(answers)).resolves.toHaveLength(5);
  });

  it('fails only the request its statement answered with an error', async () => {
    const held = heldStatements();
    const groups = new StatementGroups(held.send, { maxInFlight: 1, maxGroup: 10 });
    const answers = Promise.allSettled(['a', 'b', 'bad c', 'd'].map((r) => groups.submit(r)));
    await held.finishNext();
    await held.finishNext();
    expect(held.groups).toEqual([['a'], ['b', 'bad c', 'd']]);
    expect(outcomes(await answers)).toEqual(['answer a', 'answer b', 'refused bad c', 'answer d']);
  });

  it('fails every request of a group whose statement failed, and goes on with the next group', async () => {
    const held = heldStatements();
    const groups = new StatementGroups(held.send, { maxInFlight: 1, maxGroup: 10 });
    const answers = Promise.allSettled(['a', 'b', 'fail all'].map((r) => groups.submit(r)));
    await held.finishNext();
    const later = groups.submit('c');
    await held.finishNext();
    await held.finishNext();
    expect(outcomes(await answers)).toEqual(['answer a', 'statement failed', 'statement failed']);
    await expect(later).resolves.toBe('answer c');
    expect(held.groups).toEqual([['a'], ['b', 'fail all'], ['c']]);
  });
});
