import { PgliteDatabase } from '../../src/infrastructure/sql/pglite-database';

/**
 * A second process that holds an embedded store, as the running service does: opens it, prints
 * `holding`, and closes it when its stdin ends. Run with `spawnTs`.
 */
async function main(dir: string): Promise<void> {
  const db = await PgliteDatabase.open(dir);
  await db.query('SELECT 1');
  process.stdout.write('holding\n');
  process.stdin.resume();
  process.stdin.on('end', () => {
    void db.close().then(() => process.exit(0));
  });
}

main(process.argv[2]!).catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
