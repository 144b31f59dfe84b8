import type { AuditCheckpoint } from './audit-checkpoint';

/**
 * Where each signed checkpoint is also kept outside the database (an append-only file, Kafka): a DBA
 * who rewrites or truncates the trail and deletes every checkpoint row is still found by
 * `numlink audit verify --against`. Resolves once the copy is durable; rejects otherwise, and the
 * checkpoint is then not stored either (the next signing tries again).
 */
export interface AuditCheckpointPublisher {
  publish(checkpoint: AuditCheckpoint): Promise<void>;
}
