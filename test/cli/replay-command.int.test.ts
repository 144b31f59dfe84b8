import { instantFromMillis } from '../../src/domain/shared/instant';
import { testDatabaseKinds } from '../support/test-databases';
import { CLI_USER, CliWorld, freshIin } from './cli-world';

describe.each(testDatabaseKinds)('numlink replay on $name', (kind) => {
  let world: CliWorld;
  beforeEach(async () => {
    world = await CliWorld.open(kind);
  });
  afterEach(async () => {
    await world.close();
  });

  it("shows the account's number as of an instant before and after its change (SPEC §5)", async () => {
    const iin = freshIin();
    const connected = await world.connect(iin, '+77011240001');
    const changed = await world.change(iin, '+77011240001', '+77011240002');
    // As of when each event occurred (its envelope's occurredAt, the service clock's time of the decision).
    const justBefore = instantFromMillis(Date.parse(changed.metadata.occurredAt) - 1);

    const before = await world.cli('replay', '--iin', iin, '--as-of', justBefore);
    expect(before.code).toBe(0);
    expect(JSON.parse(before.stdout)).toMatchObject({
      iin,
      phone: '+77011240001',
      asOf: justBefore,
      history: [{ phone: '+77011240001' }],
    });

    const after = await world.cli('replay', '--iin', iin, '--as-of', changed.metadata.occurredAt);
    expect(after.code).toBe(0);
    expect(JSON.parse(after.stdout)).toMatchObject({ phone: '+77011240002' });
    expect(JSON.parse(after.stdout).history).toHaveLength(2);

    const beforeAnything = instantFromMillis(Date.parse(connected.metadata.occurredAt) - 1);
    const none = await world.cli('replay', '--iin', iin, '--as-of', beforeAnything);
    expect(none).toMatchObject({ code: 1, stdout: '' });
    expect(none.stderr).not.toContain(iin);
  });

  it('--json: the link on one line, or null when the account had no events by then', async () => {
    const iin = freshIin();
    const connected = await world.connect(iin, '+77011240004');
    const found = await world.cli('replay', '--iin', iin, '--as-of', connected.metadata.occurredAt, '--json');
    expect(found.code).toBe(0);
    expect(found.stdout.trimEnd()).not.toContain('\n');
    expect(JSON.parse(found.stdout)).toMatchObject({ iin, phone: '+77011240004' });
    const before = instantFromMillis(Date.parse(connected.metadata.occurredAt) - 1);
    expect(await world.cli('replay', '--iin', iin, '--as-of', before, '--json')).toMatchObject({
      code: 1,
      stdout: 'null\n',
    });
  });

  it('records each replay as a personal-data read by the CLI user', async () => {
    const iin = freshIin();
    await world.connect(iin, '+77011240003');
    const asOf = '2030-01-01T00:00:00+05:00';
    expect((await world.cli('replay', '--iin', iin, '--as-of', asOf)).code).toBe(0);
    const [read] = await world.store.readStream(`data-access-cli:${CLI_USER}`);
    expect(read).toMatchObject({
      type: 'PersonalDataRead',
      data: {
        readBy: `cli:${CLI_USER}`,
        role: 'auditor',
        query: 'numlink replay',
        iin,
        filters: { iin, asOf: '2029-12-31T19:00:00.000Z' },
      },
    });
  });
});
