import fc from 'fast-check';
import {
  auditRecordHash,
  GENESIS_HASH,
  type AuditRecordContent,
} from '../../../src/projections/audit-trail/audit-record';

const content: AuditRecordContent = {
  position: 3,
  eventId: '0b0e7c1e-4a55-4bde-9d39-2a6f0c7c9f10',
  recordedAt: '2026-01-05T10:00:00.123Z',
  type: 'NumberConnected',
  streamId: 'number-link-900101300001',
  actor: { principal: 'portal', role: 'channel:portal', channel: 'portal' },
  correlationId: 'corr',
  causationId: 'cause',
  data: { iin: '900101300001', phone: '+77011110001' },
};

const changes: ReadonlyArray<[string, Partial<AuditRecordContent>]> = [
  ['position', { position: 4 }],
  ['eventId', { eventId: '0b0e7c1e-4a55-4bde-9d39-2a6f0c7c9f11' }],
  ['recordedAt', { recordedAt: '2026-01-05T10:00:00.124Z' }],
  ['type', { type: 'NumberReleased' }],
  ['streamId', { streamId: 'number-link-900101300002' }],
  ['actor', { actor: { principal: 'portal', role: 'channel:portal', channel: null } }],
  ['correlationId', { correlationId: 'other' }],
  ['causationId', { causationId: 'other' }],
  ['data', { data: { iin: '900101300001', phone: '+77011110002' } }],
];

describe('the hash of an audit record', () => {
  it('is SHA-256 in hex, the same for the same record and previous hash', () => {
    expect(auditRecordHash(GENESIS_HASH, content)).toMatch(/^[0-9a-f]{64}$/);
    expect(auditRecordHash(GENESIS_HASH, { ...content })).toBe(auditRecordHash(GENESIS_HASH, content));
  });

  it('does not depend on the order of keys in the data', () => {
    const reordered = { ...content, data: { phone: '+77011110001', iin: '900101300001' } };
    expect(auditRecordHash(GENESIS_HASH, reordered)).toBe(auditRecordHash(GENESIS_HASH, content));
  });

  it.each(changes)('changes when the %s changes', (_field, change) => {
    expect(auditRecordHash(GENESIS_HASH, { ...content, ...change })).not.toBe(
      auditRecordHash(GENESIS_HASH, content),
    );
  });

  it('changes with the previous hash', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[0-9a-f]{64}$/), (prevHash) => {
        fc.pre(prevHash !== GENESIS_HASH);
        expect(auditRecordHash(prevHash, content)).not.toBe(auditRecordHash(GENESIS_HASH, content));
      }),
    );
  });
});
