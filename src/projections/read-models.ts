import { CONNECTION_EVENT_TYPES } from '../application/complete-connection';
import { SMS_EVENT_TYPES } from '../application/send-otp-sms';
import { createAuditTrailProjection } from './audit-trail/audit-trail-projection';
import { createComplaintDeadlinesProjection } from './complaint-deadlines/complaint-deadlines-projection';
import { createNumberLinksProjection } from './number-links/number-links-projection';
import type { NumberLinkViewCache } from './number-links/number-link-view-invalidation';
import { createOpenRequestsProjection } from './open-requests/open-requests-projection';
import type { Projection } from './runtime/projection';

/**
 * The projections with tables: the one list the service runs and the CLI rebuilds. The reactions have
 * no tables and are not rebuilt. The service passes its cache of the number-link view, kept right by
 * that projection.
 */
export function readModelProjections(linkViews?: NumberLinkViewCache): Projection[] {
  return [
    createAuditTrailProjection(),
    createNumberLinksProjection(linkViews),
    createOpenRequestsProjection(),
    createComplaintDeadlinesProjection(),
  ];
}

/** The reactions the runtime may run (each keeps a checkpoint), with the event types they read. */
export const REACTIONS: ReadonlyArray<{
  readonly name: string;
  readonly handles: readonly string[] | 'all';
}> = [
  { name: 'connection_completer', handles: CONNECTION_EVENT_TYPES },
  { name: 'sms_dispatcher', handles: SMS_EVENT_TYPES },
  { name: 'kafka_events', handles: 'all' },
];
