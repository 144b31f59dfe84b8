import { LinkViewCache } from '../../../src/application/find-number-link/link-view-cache';

interface View {
  readonly iin: string;
  readonly phone: string | null;
}

/** The table the cache stands in front of, counting its reads. */
function table(rows: Record<string, string | null>) {
  let reads = 0;
  return {
    rows,
    get reads() {
      return reads;
    },
    load: async (iin: string): Promise<View | undefined> => {
      reads += 1;
      const phone = rows[iin];
      return phone === undefined ? undefined : { iin, phone };
    },
  };
}

const active = (capacity = 10) => {
  const cache = new LinkViewCache<string, View>(capacity);
  cache.setActive(true);
  return cache;
};

describe('the number-link view cache (issue 11 item 7)', () => {
  it('reads the table every time while this process does not run the projection', async () => {
    const views = table({ a: '+77010000001' });
    const cache = new LinkViewCache<string, View>(10);

    await cache.read('a', views.load);
    await cache.read('a', views.load);

    expect(views.reads).toBe(2);
  });

  it('answers a second read from memory while it runs the projection', async () => {
    const views = table({ a: '+77010000001' });
    const cache = active();

    await cache.read('a', views.load);
    expect(await cache.read('a', views.load)).toEqual({ iin: 'a', phone: '+77010000001' });

    expect(views.reads).toBe(1);
  });

  it('reads the table again once a committed batch touched the account', async () => {
    const views = table({ a: '+77010000001' });
    const cache = active();
    await cache.read('a', views.load);

    views.rows.a = '+77010000002';
    cache.invalidate(['a'], ['+77010000002']);

    expect((await cache.read('a', views.load))?.phone).toBe('+77010000002');
  });

  it('drops the view of the account whose number a batch connected elsewhere (SPEC R11)', async () => {
    const views = table({ a: '+77010000001' });
    const cache = active();
    await cache.read('a', views.load);

    views.rows.a = null;
    views.rows.b = '+77010000001';
    cache.invalidate(['b'], ['+77010000001']);

    expect((await cache.read('a', views.load))?.phone).toBeNull();
  });

  it('keeps the views a committed batch read after its writes, so the next read needs no query', async () => {
    const views = table({ a: '+77010000001', c: '+77010000003' });
    const cache = active();
    await cache.read('a', views.load);
    await cache.read('c', views.load);

    // The batch connects a's number to b and gives a a new one: both views are read in its transaction.
    views.rows.a = '+77010000009';
    views.rows.b = '+77010000001';
    cache.invalidate(
      ['a', 'b'],
      ['+77010000001', '+77010000009'],
      new Map([
        ['a', { iin: 'a', phone: '+77010000009' }],
        ['b', { iin: 'b', phone: '+77010000001' }],
      ]),
    );

    expect((await cache.read('a', views.load))?.phone).toBe('+77010000009');
    expect((await cache.read('b', views.load))?.phone).toBe('+77010000001');
    expect(views.reads).toBe(2);
    // The kept view says who holds the number now: a later batch that takes it drops b.
    views.rows.b = null;
    views.rows.c = '+77010000001';
    cache.invalidate(['c'], ['+77010000001']);
    expect((await cache.read('b', views.load))?.phone).toBeNull();
  });

  it('keeps no view a batch read while this process does not run the projection', async () => {
    const views = table({ a: '+77010000001' });
    const cache = new LinkViewCache<string, View>(10);

    cache.invalidate(['a'], [], new Map([['a', { iin: 'a', phone: '+77010000001' }]]));
    cache.setActive(true);
    await cache.read('a', views.load);

    expect(cache.keepsViews).toBe(true);
    expect(views.reads).toBe(1);
  });

  it('keeps no answer read while a batch committed: it may predate the commit', async () => {
    const views = table({ a: '+77010000001' });
    const cache = active();
    const stale = cache.read('a', async (iin) => {
      const before = await views.load(iin);
      views.rows.a = '+77010000002';
      cache.invalidate(['a'], []);
      return before;
    });
    expect((await stale)?.phone).toBe('+77010000001');

    expect((await cache.read('a', views.load))?.phone).toBe('+77010000002');
  });

  it('forgets everything when the projection changes hands', async () => {
    const views = table({ a: '+77010000001' });
    const cache = active();
    await cache.read('a', views.load);

    cache.setActive(false);
    cache.setActive(true);
    await cache.read('a', views.load);

    expect(views.reads).toBe(2);
  });

  it('forgets every view, and keeps no read in flight, when rebuilt tables are swapped in', async () => {
    const views = table({ a: '+77010000001', b: '+77010000002' });
    const cache = active();
    await cache.read('a', views.load);
    // A read that began before the swap committed may have read the old rows.
    const inFlight = cache.read('b', async (iin) => {
      const before = await views.load(iin);
      views.rows.a = '+77010000009';
      views.rows.b = null;
      cache.forgetAll();
      return before;
    });
    expect((await inFlight)?.phone).toBe('+77010000002');

    expect((await cache.read('a', views.load))?.phone).toBe('+77010000009');
    expect((await cache.read('b', views.load))?.phone).toBeNull();
    expect(cache.keepsViews).toBe(true);
    expect(views.reads).toBe(4);
  });

  it('keeps at most its capacity, dropping the least recently read first', async () => {
    const views = table({ a: '1', b: '2', c: '3' });
    const cache = active(2);
    await cache.read('a', views.load);
    await cache.read('b', views.load);
    await cache.read('a', views.load);

    await cache.read('c', views.load);
    await cache.read('a', views.load);
    await cache.read('b', views.load);

    expect(cache.stats.size).toBe(2);
    expect(views.reads).toBe(4);
  });

  it('caches nothing with capacity 0', async () => {
    const views = table({ a: '1' });
    const cache = active(0);
    await cache.read('a', views.load);
    await cache.read('a', views.load);

    expect(views.reads).toBe(2);
  });
});
