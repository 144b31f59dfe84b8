import { readFileSync } from 'node:fs';
import { parseAuditCheckpointLines } from '../../../src/projections/audit-trail/audit-checkpoint-lines';
import { CONSENT, KEYS, expectRefusal, useWorld } from '../../support/e2e-world';

/** SPEC §4-5 and issue 5: what an auditor sees over HTTP, and that reading personal data leaves a trace. */
describe('auditing over HTTP', () => {
  const world = useWorld();

  async function auditRecords(query: string) {
    const w = world();
    await w.settled();
    return w.app.call('GET', `/v1/audit/events?${query}`, { key: KEYS.auditor });
  }

  it("shows an auditor an account's history: who did what, through which channel, chained by hashes", async () => {
    const w = world();
    const iin = w.citizen();
    const phone = w.phone();
    await w.connect({ iin, phone });
    const answer = await auditRecords(`iin=${iin}`);
    expect(answer.status).toBe(200);
    const records = answer.body.records as Array<Record<string, unknown>>;
    expect(records.map((r) => r.type)).toEqual(
      expect.arrayContaining([
        'ConsentRecorded',
        'OtpIssued',
        'NumberConfirmed',
        'NumberClaimed',
        'NumberConnected',
      ]),
    );
    const issued = records.find((r) => r.type === 'OtpIssued')!;
    expect(issued).toMatchObject({
      actor: { principal: 'portal', role: 'channel:portal', channel: 'portal' },
      hash: expect.stringMatching(/^[0-9a-f]{64}$/),
      prevHash: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(JSON.stringify(records)).not.toMatch(/"otp"\s*:\s*"\d{6}"/);
    const positions = records.map((r) => Number(r.position));
    expect(positions).toEqual([...positions].sort((a, b) => a - b));
  });

  it('finds records by number, pages them with a cursor, and verifies the whole chain', async () => {
    const w = world();
    const iin = w.citizen();
    const phone = w.phone();
    await w.connect({ iin, phone });
    const first = await auditRecords(`phone=${encodeURIComponent(phone)}&limit=2`);
    expect(first.status).toBe(200);
    expect(first.body.records).toHaveLength(2);
    expect(first.body.nextCursor).toEqual(expect.any(String));
    const second = await auditRecords(
      `phone=${encodeURIComponent(phone)}&limit=2&cursor=${first.body.nextCursor}`,
    );
    expect(Number(second.body.records[0].position)).toBeGreaterThan(Number(first.body.records[1].position));

    const verification = await w.app.call('GET', '/v1/audit/verification', { key: KEYS.auditor });
    expect(verification.status).toBe(200);
    expect(verification.body).toMatchObject({
      ok: true,
      head: { seq: expect.any(Number), hash: expect.any(String) },
    });
    expect(verification.body.checked).toBeGreaterThan(0);
  });

  it('copies each checkpoint the service signs to NUMLINK_AUDIT_CHECKPOINT_FILE (issue 9.11)', async () => {
    const w = world();
    await w.connect({ iin: w.citizen(), phone: w.phone() });
    await w.settled();
    const checkpoint = await w.app.runtime.auditCheckpoints.signNow();
    expect(checkpoint).not.toBeNull();
    const copies = parseAuditCheckpointLines(readFileSync(w.app.config.auditCheckpointFile, 'utf8'));
    expect(copies.at(-1)).toEqual(checkpoint);
    // The verification route checks the trail against that copy too.
    const verification = await w.app.call('GET', '/v1/audit/verification', { key: KEYS.auditor });
    expect(verification.body).toMatchObject({ ok: true, checkpointCopies: { checked: copies.length } });
  });

  it('keeps the audit trail for auditors alone', async () => {
    const w = world();
    for (const key of [KEYS.portal, KEYS.mobile, KEYS.bank, KEYS.reviewer]) {
      expectRefusal(await w.app.call('GET', '/v1/audit/events', { key }), 403, 'forbidden');
      expectRefusal(await w.app.call('GET', '/v1/audit/verification', { key }), 403, 'forbidden');
    }
    expectRefusal(await w.app.call('GET', '/v1/audit/events'), 401, 'unauthorized');
  });

  it('refuses a malformed filter or cursor with validation_failed', async () => {
    expectRefusal(await auditRecords('from=yesterday'), 400, 'validation_failed');
    expectRefusal(await auditRecords('cursor=not-a-cursor'), 400, 'validation_failed');
    expectRefusal(await auditRecords('iin=123'), 400, 'invalid_iin');
  });

  it("records an auditor's read of personal data: who read whose data, when, by which query", async () => {
    const w = world();
    const iin = w.citizen();
    await w.connect({ iin, phone: w.phone() });
    await w.link(iin, KEYS.auditor);
    const reads = (await w.events('data-access-auditor')).filter((e) => e.type === 'PersonalDataRead');
    expect(reads.map((e) => e.data)).toContainEqual(
      expect.objectContaining({
        readBy: 'auditor',
        role: 'auditor',
        query: 'GET /v1/number-links/:iin',
        iin,
      }),
    );
    expect(reads.at(-1)!.metadata.actor).toMatchObject({ principal: 'auditor', role: 'auditor' });
  });

  it("records a reviewer's read of a complaint", async () => {
    const w = world();
    const iin = w.citizen();
    const filed = await w.app.call('POST', '/v1/complaints', {
      key: KEYS.reviewer,
      body: { iin, filedWith: 'service_provider', subject: 'No SMS', text: 'The code never came.' },
    });
    expect(filed.status).toBe(201);
    await w.app.call('GET', `/v1/complaints/${filed.body.complaintId}`, { key: KEYS.reviewer });
    const reads = (await w.events('data-access-reviewer')).map((e) => e.data);
    expect(reads).toContainEqual(
      expect.objectContaining({ query: 'GET /v1/complaints/:id', complaintId: filed.body.complaintId, iin }),
    );
  });

  it('rebuilds an account as of a past instant from its stream, for auditors only', async () => {
    const w = world();
    const iin = w.citizen();
    const first = w.phone();
    await w.connect({ iin, phone: first });
    const before = w.clock.now();
    w.clock.advanceSeconds(60);
    const second = w.phone();
    const change = await w.requestOtp(KEYS.portal, {
      iin,
      phone: second,
      purpose: 'change',
      consent: CONSENT,
    });
    await w.confirm(KEYS.portal, change.body.requestId, {
      otp: await w.otpFor(change.body.requestId),
      signature: await w.signFor(iin, change.body.dataToSign),
    });
    await w.settled();
    const now = await w.app.call('GET', `/v1/number-links/${iin}`, { key: KEYS.auditor });
    expect(now.body.phone).toBe(second);
    const asOf = await w.app.call('GET', `/v1/number-links/${iin}?asOf=${encodeURIComponent(before)}`, {
      key: KEYS.auditor,
    });
    expect(asOf.status).toBe(200);
    expect(asOf.body.phone).toBe(first);
    // At the present, the replay from the stream agrees with the projection.
    const present = await w.app.call(
      'GET',
      `/v1/number-links/${iin}?asOf=${encodeURIComponent(w.clock.now())}`,
      {
        key: KEYS.auditor,
      },
    );
    expect({ phone: present.body.phone, history: present.body.history }).toEqual({
      phone: now.body.phone,
      history: now.body.history,
    });
    expectRefusal(
      await w.app.call('GET', `/v1/number-links/${iin}?asOf=${encodeURIComponent(before)}`, {
        key: KEYS.portal,
      }),
      403,
      'forbidden',
    );
  });
});
