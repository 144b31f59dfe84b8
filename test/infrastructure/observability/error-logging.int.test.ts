import { createLogger } from '../../../src/infrastructure/observability/logger';
import { testDatabaseKinds } from '../../support/test-databases';

/** SPEC R15: an error logged anywhere carries no IIN, phone number or OTP, whatever the error holds. */
const IIN = '900101300012';
const PHONE = '+77011234567';
const OTP = '482913';

function logOf(error: unknown): string {
  const lines: string[] = [];
  const logger = createLogger({
    level: 'debug',
    destination: { write: (line: string) => void lines.push(line) },
  });
  logger.error({ err: error }, 'unhandled error');
  // pino takes an error (or a number) as the first argument too; a plain object there is the line's fields.
  if (error instanceof Error || typeof error === 'number') logger.error(error as Error);
  return lines.join('\n');
}

function expectNoPersonalData(log: string): void {
  expect(log).not.toContain(IIN);
  expect(log).not.toContain(PHONE.slice(1));
  expect(log).not.toContain(OTP);
}

describe('errors in the log (SPEC R15)', () => {
  describe.each(testDatabaseKinds.map((kind) => [kind.name, kind] as const))(
    'driver errors on %s',
    (_, kind) => {
      let database: Awaited<ReturnType<typeof kind.open>>;
      beforeAll(async () => {
        database = await kind.open();
        await database.db.exec('CREATE TABLE people (iin text PRIMARY KEY, phone text)');
        await database.db.query('INSERT INTO people VALUES ($1, $2)', [IIN, PHONE]);
      });
      afterAll(async () => database.dispose());

      async function driverError(sql: string, params: unknown[]): Promise<unknown> {
        try {
          await database.db.query(sql, params);
        } catch (error) {
          return error;
        }
        throw new Error('the query did not fail');
      }

      it('keeps an instant PostgreSQL cannot store out of the log, with its neighbours', async () => {
        const error = await driverError(
          'SELECT * FROM people WHERE iin = $1 AND phone = $2 AND $3::timestamptz > now() AND $4 = $4',
          [IIN, PHONE, '0000-12-31T19:00:00.000Z', OTP],
        );
        const log = logOf(error);
        expectNoPersonalData(log);
        expect(log).not.toContain('"params"');
        expect(log).not.toContain('"query"');
      });

      it('keeps a duplicate key out of the log (its detail names the value)', async () => {
        const error = await driverError('INSERT INTO people VALUES ($1, $2)', [IIN, PHONE]);
        const log = logOf(error);
        expectNoPersonalData(log);
        expect(log).toContain('"code":"23505"');
      });

      it('keeps a bad cast of the value out of the log (its message quotes it)', async () => {
        const error = await driverError('SELECT $1::int', [`${IIN}x${PHONE}x${OTP}`]);
        expectNoPersonalData(logOf(error));
      });
    },
  );

  it('logs only the allowed fields of an error, never ones it does not know', () => {
    const error = Object.assign(new Error(`lookup of ${IIN} failed`), {
      code: 'E_LOOKUP',
      params: [IIN, PHONE],
      citizen: { iin: IIN, phone: PHONE, otp: OTP },
      response: { body: `otp=${OTP}` },
    });
    const log = logOf(error);
    expectNoPersonalData(log);
    const logged = JSON.parse(log.split('\n')[0]!).err as Record<string, unknown>;
    expect(Object.keys(logged).sort()).toEqual(['code', 'message', 'stack', 'type']);
    expect(logged).toMatchObject({ type: 'Error', code: 'E_LOOKUP', message: 'lookup of [iin] failed' });
  });

  it.each([
    ['a string', `no link for ${IIN} at ${PHONE}, code ${OTP}`],
    ['a number', Number(IIN)],
    ['an object', { iin: IIN, phone: PHONE, otp: OTP, nested: { deeper: { deepest: { iin: IIN } } } }],
    ['an array', [IIN, PHONE, OTP]],
    ['null', null],
    ['undefined', undefined],
    ['an object whose message is not text', { message: { iin: IIN }, stack: [PHONE] }],
  ])('logs a thrown non-Error (%s) without personal data', (_, thrown) => {
    expectNoPersonalData(logOf(thrown));
  });

  it('logs a chain of causes the same way, and only so far', () => {
    let error: unknown = Object.assign(new Error(`root for ${PHONE}`), { params: [IIN] });
    for (let depth = 0; depth < 50; depth++) {
      error = new Error(`level ${depth}`, { cause: depth % 2 === 0 ? error : { iin: IIN, inner: error } });
    }
    const looped = new Error(`loop ${OTP}`);
    (looped as { cause?: unknown }).cause = looped;
    for (const chained of [error, looped, new AggregateError([new Error(IIN)], `all of ${PHONE}`)]) {
      const log = logOf(chained);
      expectNoPersonalData(log);
      expect(log.length).toBeLessThan(40_000);
    }
    const logged = JSON.parse(logOf(new Error('outer', { cause: new Error(`inner ${IIN}`) })).split('\n')[0]!)
      .err as { cause?: { message?: string } };
    expect(logged.cause?.message).toBe('inner [iin]');
  });

  it('survives an error whose fields throw when read', () => {
    const hostile = new Error('hostile');
    Object.defineProperty(hostile, 'message', {
      get() {
        throw new Error(IIN);
      },
    });
    Object.defineProperty(hostile, 'code', {
      get() {
        throw new Error(PHONE);
      },
      enumerable: true,
    });
    expectNoPersonalData(logOf(hostile));
  });
});
