import { DATA_ACCESS_EVENT_SCHEMA_VERSIONS } from './record-data-access/record-data-access';
import { BANK_CHECK_EVENT_SCHEMA_VERSIONS } from '../domain/number-request/events';
import { COMPLAINT_EVENT_SCHEMA_VERSIONS } from '../domain/complaint/events';
import { NUMBER_LINK_EVENT_SCHEMA_VERSIONS } from '../domain/number-link/events';
import { NUMBER_REQUEST_EVENT_SCHEMA_VERSIONS } from '../domain/number-request/events';
import { PHONE_HOLDER_EVENT_SCHEMA_VERSIONS } from '../domain/phone-holder/events';

/** Every event type numlink records, with the schema version new events are written in. */
export const KNOWN_EVENT_SCHEMA_VERSIONS: Readonly<Record<string, number>> = {
  ...NUMBER_REQUEST_EVENT_SCHEMA_VERSIONS,
  ...NUMBER_LINK_EVENT_SCHEMA_VERSIONS,
  ...PHONE_HOLDER_EVENT_SCHEMA_VERSIONS,
  ...BANK_CHECK_EVENT_SCHEMA_VERSIONS,
  ...COMPLAINT_EVENT_SCHEMA_VERSIONS,
  ...DATA_ACCESS_EVENT_SCHEMA_VERSIONS,
};

export const KNOWN_EVENT_TYPES: readonly string[] = Object.keys(KNOWN_EVENT_SCHEMA_VERSIONS);
