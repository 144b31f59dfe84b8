import { BoundedMap } from '../bounded-map';

/** What the cache needs of a view: the number it holds now, to find the account a connection takes it from. */
export interface CachedLinkView {
  readonly phone: string | null;
}

/** Reads answered from memory and from the table since start, and the views held now. */
export interface LinkViewCacheStats {
  readonly hits: number;
  readonly misses: number;
  readonly size: number;
}

/** An account's view as last read, or `undefined`: the account never had a number (a 404 is cached too). */
interface Entry<V> {
  readonly view: V | undefined;
}

/**
 * Issue 11 item 7: the number-link view by IIN, kept in this process, so that repeated reads skip the
 * database. It answers exactly what the database would, because the only writer of the view is the
 * number-links projection, and it is used only while this process runs that projection (holds its
 * lock): the projection drops what each committed batch changed (`invalidate`). In a standby instance
 * another process writes the view unseen, so every read goes to the database.
 *
 * A read that missed fills the cache only if no batch committed and the projection did not change
 * hands while it read: otherwise it may have read the rows just before a commit that `invalidate` has
 * already handled. Least recently used entries go first once `capacity` is reached; 0 turns it off.
 */
export class LinkViewCache<K extends string, V extends CachedLinkView> {
  /** Least recently read first: a read sets its entry again. */
  private readonly entries: BoundedMap<K, Entry<V>>;
  /** The account each cached view's number is connected to (a connection elsewhere takes it away). */
  private readonly holders = new Map<string, K>();
  private active = false;
  /** Moves on every commit and change of hands: a read that saw it move keeps its answer to itself. */
  private generation = 0;
  private hitCount = 0;
  private missCount = 0;

  constructor(private readonly capacity: number) {
    this.entries = new BoundedMap(capacity, (key, entry) => this.forgetHolder(key, entry));
  }

  /** The view from the cache, or from `load` (and then kept, when still current). */
  async read(key: K, load: (key: K) => Promise<V | undefined>): Promise<V | undefined> {
    if (!this.active || this.capacity === 0) return load(key);
    const entry = this.entries.get(key);
    if (entry) {
      this.hitCount += 1;
      this.entries.set(key, entry);
      return entry.view;
    }
    this.missCount += 1;
    const generation = this.generation;
    const view = await load(key);
    if (this.active && generation === this.generation) this.keep(key, { view });
    return view;
  }

  /**
   * Called by the projection once it holds its lock (`true`: from now on every write of the view passes
   * through `invalidate`) and whenever it may have lost it (`false`). Either way, nothing read before is kept.
   */
  setActive(active: boolean): void {
    this.active = active;
    this.forgetAll();
  }

  /**
   * The view's rows changed by no batch of this process (rebuilt tables swapped in): nothing read
   * before is kept, nor is a read in flight.
   */
  forgetAll(): void {
    this.generation += 1;
    this.entries.clear();
    this.holders.clear();
  }

  /**
   * A committed batch changed these accounts and connected or released these numbers: their views
   * go, and so does the view of any account a connected number was taken from (SPEC R11). `fresh`
   * holds views the batch's own transaction read after its writes, so exactly what the table now holds:
   * they are kept at once, and the next read of those accounts needs no query.
   */
  invalidate(keys: Iterable<K>, phones: Iterable<string>, fresh: ReadonlyMap<K, V> = new Map()): void {
    this.generation += 1;
    for (const key of keys) this.drop(key);
    for (const phone of phones) {
      const holder = this.holders.get(phone);
      if (holder !== undefined) this.drop(holder);
    }
    if (!this.keepsViews) return;
    for (const [key, view] of fresh) this.keep(key, { view });
  }

  /** Whether views are kept now (this process applies the projection, and the cache has room). */
  get keepsViews(): boolean {
    return this.active && this.capacity > 0;
  }

  /** Hits and misses since start (for a bench or a metric); reads while inactive count as neither. */
  get stats(): LinkViewCacheStats {
    return { hits: this.hitCount, misses: this.missCount, size: this.entries.size };
  }

  private keep(key: K, entry: Entry<V>): void {
    this.drop(key);
    this.entries.set(key, entry);
    const phone = entry.view?.phone;
    if (phone) this.holders.set(phone, key);
  }

  private drop(key: K): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    this.forgetHolder(key, entry);
  }

  /** A view dropped or evicted no longer says who holds its number. */
  private forgetHolder(key: K, entry: Entry<V>): void {
    const phone = entry.view?.phone;
    if (phone && this.holders.get(phone) === key) this.holders.delete(phone);
  }
}
