import { existsSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { run } from '../../src/cli/numlink';

async function cli(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  // No database: every case here must be refused before one is opened.
  const code = await run(argv, {
    stdout: (text) => (stdout += text),
    stderr: (text) => (stderr += text),
    env: { NUMLINK_DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
  });
  return { code, stdout, stderr };
}

describe('numlink arguments', () => {
  it('prints its usage on --help and exits 0', async () => {
    const result = await cli('--help');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('numlink projections rebuild [<name>] [--check]');
  });

  it.each([
    [[], 'no command given'],
    [['audit'], 'unknown command: audit'],
    [['audit', 'burn'], 'unknown command: audit burn'],
    [['replay', '--iin', '900101300017'], '--as-of is required'],
    [['replay', '--as-of', '2026-01-05T10:00:00Z'], '--iin is required'],
    [['replay', '--iin', '123', '--as-of', '2026-01-05T10:00:00Z'], '--iin: invalid_iin'],
    [['replay', '--iin', '900101300017', '--as-of', 'yesterday'], '--as-of must be an ISO-8601 instant'],
    [['replay', '--iin'], '--iin needs a value'],
    [['audit', 'export'], 'audit export needs --iin, --phone or --complaint-id'],
    [['audit', 'export', '--phone', '+12025550123'], '--phone: invalid_phone'],
    [['audit', 'export', '--iin', '900101300017', '--from', '2026-01-05'], '--from must be an ISO-8601'],
    [['audit', 'export', '--iin', '900101300017', '--page-size', '5000'], '--page-size must be 1 to 1000'],
    [['audit', 'verify', '--force'], 'unknown option --force'],
    [['audit', 'verify', 'extra'], 'unexpected argument: extra'],
    [['projections', 'rebuild', 'kafka_events'], 'no read model named kafka_events'],
    [['projections', 'rebuild', 'a', 'b'], 'unexpected argument: b'],
    [['projections', 'list', '--json=yes'], '--json takes no value'],
  ])('refuses %j with exit 2: %s', async (argv, message) => {
    const result = await cli(...argv);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`numlink: ${message}`);
    expect(result.stdout).toBe('');
  });

  it('prints its version on --version and exits 0', async () => {
    const { version } = JSON.parse(readFileSync(path.join(__dirname, '../../package.json'), 'utf8')) as {
      version: string;
    };
    const result = await cli('--version');
    expect(result).toEqual({ code: 0, stdout: `numlink ${version}\n`, stderr: '' });
  });

  it.each([
    [['audit', 'verify', '--help'], 'numlink audit verify [--public-key'],
    [['audit', 'export', '-h'], 'numlink audit export (--iin'],
    [['replay', '--help'], 'numlink replay --iin'],
    [['projections', 'list', '--help'], 'numlink projections list [--json]'],
    // Help comes before the checks of the other arguments.
    [['projections', 'rebuild', 'nothing', '--help'], 'numlink projections rebuild [<name>]'],
  ])("%j prints that command's usage only and exits 0", async (argv, synopsis) => {
    const result = await cli(...argv);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(synopsis);
    expect(result.stdout.match(/^ {2}numlink /gm)).toHaveLength(1);
    expect(result.stderr).toBe('');
  });

  it('a usage error is short: the message and where the help is, not the whole usage', async () => {
    const result = await cli('replay', '--iin', '900101300017');
    expect(result.stderr).toBe("numlink: --as-of is required\nTry 'numlink replay --help'.\n");
    expect((await cli('audit', 'burn')).stderr).toBe(
      "numlink: unknown command: audit burn\nTry 'numlink --help'.\n",
    );
  });

  it.each([
    ['audit', 'verify'],
    ['audit', 'export', '--iin', '900101300017'],
    ['replay', '--iin', '900101300017', '--as-of', '2026-01-05T10:00:00Z'],
    ['projections', 'list'],
    ['projections', 'rebuild'],
  ])('%s %s takes --json (past the arguments, to the database)', async (...argv) => {
    const result = await cli(...argv, '--json');
    // Refused only for the unreachable database: the arguments were accepted.
    expect(result.code).toBe(1);
    expect(result.stderr).not.toContain('--json');
  });

  it('a database it cannot reach is a failure (exit 1), not a usage error', async () => {
    const result = await cli('projections', 'list');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^numlink: /);
  });

  it('the built bin answers --help in a process of its own', () => {
    const bin = path.join(__dirname, '../../dist/src/cli/numlink.js');
    if (!existsSync(bin)) {
      console.warn(`not run: ${bin} is not built (npm run build)`);
      return;
    }
    const result = spawnSync(process.execPath, [bin, '--help'], { encoding: 'utf8', timeout: 30_000 });
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('numlink audit verify');
    const bad = spawnSync(process.execPath, [bin, 'replay'], { encoding: 'utf8', timeout: 30_000 });
    expect(bad.status).toBe(2);
  });
});
