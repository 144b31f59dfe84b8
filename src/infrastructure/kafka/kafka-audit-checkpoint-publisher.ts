import { CLOUDEVENTS_SOURCE } from '../../application/integration-events';
import type { MessagePublisher } from '../../application/ports/message-publisher';
import type { AuditCheckpoint } from '../../projections/audit-trail/audit-checkpoint';
import { auditCheckpointLine } from '../../projections/audit-trail/audit-checkpoint-lines';
import type { AuditCheckpointPublisher } from '../../projections/audit-trail/audit-checkpoint-publisher';

export const AUDIT_CHECKPOINT_TOPIC = 'numlink.audit-checkpoints.v1';

/** One key for every checkpoint: one partition, so a consumer reads them in the order they were signed. */
const KEY = 'numlink-audit-trail';

/** Publishes each checkpoint to `numlink.audit-checkpoints.v1`, its value the checkpoint file's line. */
export class KafkaAuditCheckpointPublisher implements AuditCheckpointPublisher {
  constructor(private readonly publisher: MessagePublisher) {}

  publish(checkpoint: AuditCheckpoint): Promise<void> {
    return this.publisher.publish(AUDIT_CHECKPOINT_TOPIC, [
      {
        key: KEY,
        value: auditCheckpointLine(checkpoint),
        headers: {
          ce_specversion: '1.0',
          ce_id: `${checkpoint.keyId}:${checkpoint.seq}:${checkpoint.signedAt}`,
          ce_type: 'kz.numlink.AuditCheckpointSigned.v1',
          ce_source: CLOUDEVENTS_SOURCE,
          ce_time: checkpoint.signedAt,
          'content-type': 'application/json',
        },
      },
    ]);
  }
}
