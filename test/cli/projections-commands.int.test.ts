import { testDatabaseKinds } from '../support/test-databases';
import { CliWorld, freshIin } from './cli-world';

describe.each(testDatabaseKinds)('numlink projections on $name', (kind) => {
  let world: CliWorld;
  beforeEach(async () => {
    world = await CliWorld.open(kind);
  });
  afterEach(async () => {
    await world.close();
  });

  async function someLinks(): Promise<string[]> {
    const iins = [freshIin(), freshIin()];
    await world.connect(iins[0]!, '+77011250001');
    await world.connect(iins[1]!, '+77011250002');
    await world.change(iins[0]!, '+77011250001', '+77011250003');
    await world.settle();
    return iins;
  }

  it("list: every read model's checkpoint, with no lag once caught up", async () => {
    await someLinks();
    const result = await world.cli('projections', 'list', '--json');
    expect(result.code).toBe(0);
    const statuses = JSON.parse(result.stdout) as Array<{
      name: string;
      checkpoint: string | null;
      lagEvents: number;
    }>;
    expect(statuses.map((s) => s.name)).toEqual(
      expect.arrayContaining(['audit_trail', 'number_links', 'open_requests', 'complaint_deadlines']),
    );
    for (const name of ['audit_trail', 'number_links', 'open_requests'])
      expect(statuses.find((s) => s.name === name)).toMatchObject({
        checkpoint: expect.stringMatching(/^\d+:\d+$/),
        lagEvents: 0,
      });
    const table = await world.cli('projections', 'list');
    expect(table.stdout).toMatch(/^name\s+kind\s+checkpoint\s+lag events/);
  });

  it('list: a projection behind the store shows its lag', async () => {
    await someLinks();
    await world.runner.stop();
    await world.connect(freshIin(), '+77011250004');
    await world.visible();
    const statuses = JSON.parse((await world.cli('projections', 'list', '--json')).stdout) as Array<{
      name: string;
      lagEvents: number;
    }>;
    expect(statuses.find((s) => s.name === 'number_links')?.lagEvents).toBe(1);
    expect(statuses.find((s) => s.name === 'audit_trail')?.lagEvents).toBe(2);
  });

  it('rebuild: every read model comes out identical to the live one, and nothing is swapped', async () => {
    await someLinks();
    const rows = await world.numberLinkRows();
    const result = await world.cli('projections', 'rebuild', '--check');
    expect(result.code).toBe(0);
    for (const name of ['audit_trail', 'number_links', 'open_requests', 'complaint_deadlines'])
      expect(result.stdout).toMatch(
        new RegExp(`^${name}: rebuilt from \\d+ events .*identical to the live rows`, 'm'),
      );
    expect(await world.numberLinkRows()).toEqual(rows);
    expect((await world.cli('audit', 'verify')).code).toBe(0);
  });

  it('rebuild: a damaged view is rebuilt beside the live one and swapped in, while the service keeps applying', async () => {
    const [first] = await someLinks();
    const rows = await world.numberLinkRows();
    await world.db.query(`UPDATE number_links SET phone = '+77019999999' WHERE iin = $1`, [first]);

    const check = await world.cli('projections', 'rebuild', 'number_links', '--check');
    expect(check.code).toBe(1);
    expect(check.stdout).toContain('number_links: live 2 rows, rebuilt 2; only live 1, only rebuilt 1');
    expect(await world.numberLinkRows()).not.toEqual(rows);

    const rebuilt = await world.cli('projections', 'rebuild', 'number_links');
    expect(rebuilt.code).toBe(0);
    expect(rebuilt.stdout).toContain('differed from the live rows: swapped in');
    expect(await world.numberLinkRows()).toEqual(rows);

    // The live projector goes on from its checkpoint: nothing applied twice, nothing skipped.
    const third = freshIin();
    await world.connect(third, '+77011250005');
    await world.settle();
    const [link] = await world.db.query<{ phone: string }>('SELECT phone FROM number_links WHERE iin = $1', [
      third,
    ]);
    expect(link?.phone).toBe('+77011250005');
    expect((await world.cli('projections', 'rebuild', 'number_links', '--check')).code).toBe(0);
  });

  it('rebuild --json: one outcome per read model, the progress (if any) on stderr only', async () => {
    await someLinks();
    const result = await world.cli('projections', 'rebuild', 'number_links', '--check', '--json');
    expect(result.code).toBe(0);
    const outcomes = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
    expect(outcomes).toEqual([
      expect.objectContaining({
        projection: 'number_links',
        identical: true,
        swapped: false,
        checkpoint: expect.stringMatching(/^\d+:\d+$/),
        tables: expect.arrayContaining([expect.objectContaining({ table: 'number_links', onlyLive: 0 })]),
      }),
    ]);
  });

  it('rebuild: the audit trail rebuilt beside the live one still verifies', async () => {
    await someLinks();
    const result = await world.cli('projections', 'rebuild', 'audit_trail');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('audit_trail: rebuilt from 5 events');
    expect((await world.cli('audit', 'verify')).code).toBe(0);
  });
});
