import { rebuildBeside } from '../../../src/cli/commands/rebuild-beside';
import type { SqlDatabase } from '../../../src/infrastructure/sql/sql-database';
import { createAuditTrailProjection } from '../../../src/projections/audit-trail/audit-trail-projection';
import { createComplaintDeadlinesProjection } from '../../../src/projections/complaint-deadlines/complaint-deadlines-projection';
import { createNumberLinksProjection } from '../../../src/projections/number-links/number-links-projection';
import type { Projection } from '../../../src/projections/runtime/projection';
import { ShadowTables, TABLES_SWAPPED_CHANNEL } from '../../../src/projections/runtime/shadow-tables';
import { ProjectionWorld } from '../../support/projection-spec';
import { sleep } from '../../support/events';
import { postgresKind, testDatabaseKinds } from '../../support/test-databases';
import { playConfirmations } from '../number-links/number-link-facts';

const { events } = playConfirmations(
  Array.from({ length: 12 }, (_, i) => ({ account: i % 4, phone: (i * 2) % 3, releaseFirst: i % 2 === 0 })),
);

/** The live table's identity: a swap that moves tables in gives it a new one. */
const tableOid = async (db: SqlDatabase, table: string): Promise<string> => {
  const [row] = await db.query<{ oid: string }>(`SELECT $1::regclass::oid::text AS oid`, [table]);
  return row!.oid;
};

/** Opens a world with the projection migrated, and a shadow of its tables beside them. */
async function withShadow(
  kind: (typeof testDatabaseKinds)[number],
  projection: Projection,
  test: (world: ProjectionWorld, shadow: ShadowTables) => Promise<void>,
): Promise<void> {
  const world = await ProjectionWorld.open(kind, [projection]);
  try {
    const shadow = await ShadowTables.create(world.db, projection);
    try {
      await test(world, shadow);
    } finally {
      await shadow.drop();
    }
  } finally {
    await world.dispose();
  }
}

describe.each(testDatabaseKinds)('rebuilt tables swapped in for the live ones on $name', (kind) => {
  it('moves tables in when nothing would be lost: the number-link view, and the complaints with their foreign key', async () => {
    for (const projection of [createNumberLinksProjection(), createComplaintDeadlinesProjection()])
      await withShadow(kind, projection, async (world, shadow) => {
        expect(await shadow.movable()).toBe(true);
        const before = await tableOid(world.db, projection.tables[0]!);

        await shadow.swap(async () => undefined);

        expect(await tableOid(world.db, projection.tables[0]!)).not.toBe(before);
      });
    // The foreign key moved with the tables: a deadline still needs its complaint.
    await withShadow(kind, createComplaintDeadlinesProjection(), async (world, shadow) => {
      await shadow.swap(async () => undefined);
      await shadow.drop();
      const [fk] = await world.db.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM pg_constraint
          WHERE contype = 'f' AND conrelid = 'complaint_deadlines'::regclass AND confrelid = 'complaints'::regclass`,
      );
      expect(fk!.n).toBe('1');
    });
  });

  it.each([
    ['a grant on a live table', 'GRANT SELECT ON number_links TO PUBLIC'],
    ['an index made by hand', 'CREATE INDEX number_links_by_update ON number_links (updated_at)'],
    [
      'a trigger made by hand',
      `CREATE TRIGGER number_links_kept BEFORE UPDATE ON number_links FOR EACH ROW EXECUTE FUNCTION suppress_redundant_updates_trigger()`,
    ],
    ['a view on a live table', 'CREATE VIEW linked_numbers AS SELECT iin, phone FROM number_links'],
    [
      "another table's foreign key to a live table",
      'CREATE TABLE link_notes (iin text REFERENCES number_links (iin), note text)',
    ],
  ])('keeps the live tables and copies the rows when moving would lose %s', async (_, made) => {
    await withShadow(kind, createNumberLinksProjection(), async (world, shadow) => {
      await world.db.exec(made);
      expect(await shadow.movable()).toBe(false);
      await world.record(events);
      const before = await tableOid(world.db, 'number_links');
      const rows = await world.db.query('SELECT * FROM number_links ORDER BY iin');
      await shadow.inShadow((tx) =>
        tx.exec(`INSERT INTO number_links SELECT * FROM ${shadow.live}.number_links WHERE phone IS NOT NULL`),
      );

      await shadow.swap(async () => undefined);

      expect(await tableOid(world.db, 'number_links')).toBe(before);
      expect(await world.db.query('SELECT * FROM number_links ORDER BY iin')).toEqual(
        rows.filter((row) => row.phone !== null),
      );
    });
  });

  it('keeps the audit trail append-only: its triggers call functions of its migrations, so its rows are copied', async () => {
    const world = await ProjectionWorld.open(kind, [createAuditTrailProjection()]);
    try {
      await world.record(events);
      const records = await world.db.query('SELECT * FROM audit_records ORDER BY seq');
      expect(records.length).toBeGreaterThan(0);
      // A whole-table delete is the one the trail allows (only a rebuild deletes, and it deletes everything).
      await world.db.exec('DELETE FROM audit_records');

      const outcome = await rebuildBeside(world.db, world.store, createAuditTrailProjection());

      expect(outcome).toMatchObject({ identical: false, swapped: true });
      expect(await world.db.query('SELECT * FROM audit_records ORDER BY seq')).toEqual(records);
      await expect(world.db.query(`UPDATE audit_records SET type = 'Forged'`)).rejects.toThrow(/append-only/);
      await expect(world.db.query('TRUNCATE audit_records')).rejects.toThrow(/append-only/);
    } finally {
      await world.dispose();
    }
  });

  it('finds the audit trail not movable', async () => {
    await withShadow(kind, createAuditTrailProjection(), async (_, shadow) => {
      expect(await shadow.movable()).toBe(false);
    });
  });
});

// PGlite has one process: nobody else to tell (its `listen` hears nothing).
(postgresKind ? describe : describe.skip)('a swap told to other processes, on postgres', () => {
  it('tells the projection it swapped in when it commits, and nothing when it rolls back', async () => {
    await withShadow(postgresKind!, createNumberLinksProjection(), async (world, shadow) => {
      const heard: Array<string | undefined> = [];
      const listening = await world.db.listen(TABLES_SWAPPED_CHANNEL, (payload) => heard.push(payload));
      try {
        heard.length = 0; // `listen` calls back once without a payload as it starts listening
        await expect(
          shadow.swap(async () => {
            throw new Error('the live checkpoint moved');
          }),
        ).rejects.toThrow('the live checkpoint moved');
        await shadow.swap(async () => undefined);

        for (let waited = 0; heard.length === 0 && waited < 10_000; waited += 20) await sleep(20);
        await sleep(100); // a notice of the rolled-back swap would have come first
        expect(heard).toEqual(['number_links']);
      } finally {
        await listening.close();
      }
    });
  });
});
