import type { Counter } from 'prom-client';
import { KEYS, useWorld, type E2eWorld } from '../../support/e2e-world';
import { testDatabaseKinds } from '../../support/test-databases';

/**
 * SPEC §7: one full flow (create request + confirm) costs at most 10 SQL statements and 3 commits on
 * its write path, counted by the service itself (`numlink_sql_statements_total`,
 * `numlink_sql_commits_total`). This build spends 3 of each: the account's link and the number's
 * holder read in one statement; the limits taken and the request appended in one; and the
 * confirmation appended on the streams its opening left remembered (no read). Projections, reactions and periodic jobs count apart (their callers
 * are `projection:*`, `reaction:*`, `periodic:*`): they batch, and are not the flow's.
 */
const WRITE_PATH = new Set(['append', 'read_stream', 'rate_limit', 'unit_of_work', 'other']);

async function countsOf(counter: Counter): Promise<Map<string, number>> {
  const { values } = await counter.get();
  return new Map(values.map((v) => [String(v.labels.caller), v.value]));
}

async function writePathCost(w: E2eWorld, flow: () => Promise<unknown>) {
  const { metrics } = w.app.runtime;
  await w.settled();
  const before = [await countsOf(metrics.sqlStatements), await countsOf(metrics.sqlCommits)] as const;
  await flow();
  const after = [await countsOf(metrics.sqlStatements), await countsOf(metrics.sqlCommits)] as const;
  const delta = (i: 0 | 1) => {
    const byCaller: Record<string, number> = {};
    for (const [caller, value] of after[i])
      if (WRITE_PATH.has(caller) && value > (before[i].get(caller) ?? 0))
        byCaller[caller] = value - (before[i].get(caller) ?? 0);
    return byCaller;
  };
  const sum = (byCaller: Record<string, number>) => Object.values(byCaller).reduce((a, b) => a + b, 0);
  const statements = delta(0);
  const commits = delta(1);
  return { statements: sum(statements), commits: sum(commits), byCaller: { statements, commits } };
}

describe.each(testDatabaseKinds)('the write path of one full flow on $name (SPEC §7)', (kind) => {
  const world = useWorld({ kind });

  it.each([
    ['eGov mobile biometric', KEYS.mobile],
    ['portal EDS', KEYS.portal],
  ])('costs 3 statements and 3 commits (SPEC: at most 10 and 3): %s', async (_, key) => {
    const w = world();
    // Given a citizen who connected a number once (the tables and caches are warm),
    await w.connect({ key, iin: w.citizen(), phone: w.phone() });
    // when another citizen connects a number,
    let status = 0;
    const cost = await writePathCost(w, async () => {
      status = (await w.connect({ key, iin: w.citizen(), phone: w.phone() })).confirmation.status;
    });
    // then the flow succeeded within the budget.
    expect(status).toBe(200);
    console.info(`${kind.name} ${key}: ${JSON.stringify(cost)}`);
    expect(cost.statements).toBeLessThanOrEqual(3);
    expect(cost.commits).toBeLessThanOrEqual(3);
  });
});
