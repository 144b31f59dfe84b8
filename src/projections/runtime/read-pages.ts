import {
  comparePositions,
  type EventLog,
  type Position,
  type RecordedEvent,
} from '../../application/ports/event-store';

/** What a reader needs of a projection: the event types it reads, or `'all'`. */
interface Reads {
  readonly handles: readonly string[] | 'all';
}

export interface PageRead {
  /** Events after this position. */
  readonly from: Position;
  readonly pageSize: number;
  /** Only events up to this position (inclusive); all there are when absent. */
  readonly upTo?: Position;
}

/** The event types a projection reads, as the store's read options take them (none: every event). */
export function typesReadBy(projection: Reads): { types?: readonly string[] } {
  return projection.handles === 'all' ? {} : { types: projection.handles };
}

/**
 * A projection's events in global order, a page at a time, reading the next page while `take` takes
 * this one. Stops when the log (or `upTo`) is reached, or when `going()` turns false.
 */
export async function readPages(
  log: EventLog,
  projection: Reads,
  read: PageRead,
  take: (page: RecordedEvent[]) => Promise<void>,
  going: () => boolean = () => true,
): Promise<void> {
  const { upTo } = read;
  const readAfter = async (after: Position): Promise<RecordedEvent[]> => {
    const page = await log.readAll({ from: after, limit: read.pageSize, ...typesReadBy(projection) });
    return upTo ? page.filter((event) => comparePositions(event.position, upTo) <= 0) : page;
  };
  let page = await readAfter(read.from);
  while (page.length > 0 && going()) {
    const next = page.length === read.pageSize ? readAfter(page[page.length - 1]!.position) : undefined;
    void next?.catch(() => undefined); // awaited below, unless taking this page fails first
    await take(page);
    if (!next) return;
    page = await next;
  }
}
