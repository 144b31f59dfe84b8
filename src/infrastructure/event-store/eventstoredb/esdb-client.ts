import { EventStoreDBClient } from '@eventstore/db-client';

/** A client for `NUMLINK_ESDB_URL`; it connects on first use. */
export function createEsdbClient(url: string): EventStoreDBClient {
  return EventStoreDBClient.connectionString(toEsdbConnectionString(url));
}

/** KurrentDB (EventStoreDB's new name) writes kurrentdb:// or kdb://; this client reads esdb://. */
export function toEsdbConnectionString(url: string): string {
  return url.replace(
    /^(?:kurrentdb|kdb)(\+discover)?:\/\//i,
    (_match, discover: string | undefined) => `esdb${discover ?? ''}://`,
  );
}
