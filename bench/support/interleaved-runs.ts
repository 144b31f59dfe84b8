/**
 * Runs every contender once per round, `rounds` times, in the same order each round (A B A B A B, not
 * A A A B B B), so that a slow drift of the machine (other load, a growing table, autovacuum) falls on
 * all of them alike. Returns each contender's results in round order.
 */
export async function runInterleaved<Name extends string, Result>(
  rounds: number,
  contenders: Readonly<Record<Name, () => Promise<Result>>>,
): Promise<Record<Name, Result[]>> {
  const names = Object.keys(contenders) as Name[];
  const results = Object.fromEntries(names.map((name) => [name, [] as Result[]])) as Record<Name, Result[]>;
  for (let round = 0; round < rounds; round++)
    for (const name of names) results[name].push(await contenders[name]());
  return results;
}
