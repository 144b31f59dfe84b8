import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { FixedClock } from '../../support/fixed-clock';
import { sleep } from '../../support/events';
import { scratchDirectory } from '../../support/scratch';
import { startTestApp, type TestApp, type TestResponse } from '../../support/test-app';

const KEYS = {
  reviewer: 'dev-reviewer-key',
  portal: 'dev-portal-key',
  mobile: 'dev-mobile-key',
  auditor: 'dev-auditor-key',
} as const;

const CITIZEN = '900101300017';

/**
 * Wednesday 18 March 2026, 10:00 in Almaty. The published 2026 calendar: Nauryz 21-23 March falls on
 * Saturday-Monday, so 21-25 March are days off (Sat 21 and Sun 22 move to Tue 24 and Wed 25).
 */
const D0 = '2026-03-18T10:00:00+05:00';
// Counting from day 0 = 18 March: 19 (1), 20 (2), 26 (3), 27 (4), 30 (5).
const FORWARD_DUE = '2026-03-26';
const PROVIDER_DUE = '2026-03-30';
/** 24:00 Almaty of 26 March. */
const FORWARD_ENDS = '2026-03-26T19:00:00.000Z';

const complaintBody = (overrides: Record<string, unknown> = {}) => ({
  iin: CITIZEN,
  filedWith: 'service_provider',
  registeredAt: D0,
  subject: 'No one-time password arrived',
  text: 'I asked three times and no SMS came.',
  ...overrides,
});

describe('complaints over HTTP (Rules §10, SPEC R18-R22)', () => {
  const clock = new FixedClock('2026-03-19T04:00:00.000Z');
  let app: TestApp;

  beforeAll(async () => {
    app = await startTestApp({ overrides: { clock, deadlineWatchIntervalMs: 50 } });
  });
  afterAll(async () => {
    await app.close();
  });

  const file = async (key: string = KEYS.reviewer, overrides: Record<string, unknown> = {}) => {
    const filed = await app.call('POST', '/v1/complaints', { key, body: complaintBody(overrides) });
    expect(filed.status).toBe(201);
    return filed.body.complaintId as string;
  };
  const stage = (id: string, route: string, body: unknown, key: string = KEYS.reviewer) =>
    app.call('POST', `/v1/complaints/${id}/${route}`, { key, body });
  const list = async (query: string, key: string = KEYS.reviewer): Promise<TestResponse> => {
    await app.runtime.projections.caughtUp();
    return app.call('GET', `/v1/complaints${query}`, { key });
  };
  const deadline = (answer: TestResponse, kind: string) =>
    (answer.body.deadlines as Array<{ kind: string }>).find((d) => d.kind === kind);

  it('given a complaint filed with the service provider before Nauryz, counts 3 and 5 working days past the holidays (Rules §10, SPEC R19, R22)', async () => {
    const filed = await app.call('POST', '/v1/complaints', { key: KEYS.reviewer, body: complaintBody() });
    expect(filed.status).toBe(201);
    expect(filed.body).toMatchObject({
      complaintId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      iin: CITIZEN,
      filedWith: 'service_provider',
      registeredAt: '2026-03-18T05:00:00.000Z',
      stage: 'recorded',
      body: 'service_provider',
      deadlines: [
        { kind: 'forward_or_satisfy', dueDate: FORWARD_DUE, endsAt: FORWARD_ENDS, status: 'pending' },
        { kind: 'provider_consideration', dueDate: PROVIDER_DUE, status: 'pending' },
      ],
    });
    const read = await app.call('GET', `/v1/complaints/${filed.body.complaintId}`, { key: KEYS.reviewer });
    expect(read.status).toBe(200);
    expect(read.body).toEqual(filed.body);
  });

  it('given a forwarding within 3 working days, the forward_or_satisfy deadline is met by it', async () => {
    const id = await file();
    const forwarded = await stage(id, 'forwarding', {
      to: 'higher_body',
      forwardedAt: '2026-03-19T09:00:00+05:00',
    });
    expect(forwarded.status).toBe(200);
    expect(forwarded.body).toMatchObject({ stage: 'forwarded', body: 'higher_body' });
    expect(deadline(forwarded, 'forward_or_satisfy')).toEqual({
      kind: 'forward_or_satisfy',
      body: 'service_provider',
      dueDate: FORWARD_DUE,
      endsAt: FORWARD_ENDS,
      status: 'met',
      metAt: '2026-03-19T04:00:00.000Z',
      metBy: 'ComplaintForwarded',
    });
    expect(deadline(forwarded, 'provider_consideration')).toMatchObject({ status: 'pending' });
  });

  it('given the service provider fully satisfies the complaint in time, both its deadlines are met by the decision', async () => {
    const id = await file();
    const decided = await stage(id, 'decision', {
      by: 'service_provider',
      outcome: 'satisfied',
      decidedAt: '2026-03-19T08:30:00+05:00',
      reason: 'The SMS gateway was fixed and the number connected.',
    });
    expect(decided.status).toBe(200);
    expect(decided.body.stage).toBe('decided');
    expect(decided.body.decisions).toEqual([
      {
        by: 'service_provider',
        outcome: 'satisfied',
        decidedAt: '2026-03-19T03:30:00.000Z',
        reason: 'The SMS gateway was fixed and the number connected.',
      },
    ]);
    for (const kind of ['forward_or_satisfy', 'provider_consideration']) {
      expect(deadline(decided, kind)).toMatchObject({
        status: 'met',
        metAt: '2026-03-19T03:30:00.000Z',
        metBy: 'ComplaintDecided',
      });
    }
  });

  it('given a rejection by the service provider, only the consideration deadline is met: forwarding is still owed', async () => {
    const id = await file();
    const decided = await stage(id, 'decision', {
      by: 'service_provider',
      outcome: 'rejected',
      decidedAt: '2026-03-19T08:30:00+05:00',
      reason: 'No fault found.',
    });
    expect(deadline(decided, 'forward_or_satisfy')).toMatchObject({ status: 'pending' });
    expect(deadline(decided, 'provider_consideration')).toMatchObject({ status: 'met' });
  });

  it('given a registration at the quality authority, sets its 15 working days (SPEC R20)', async () => {
    const id = await file();
    const registered = await stage(id, 'registration', {
      body: 'quality_authority',
      registeredAt: '2026-03-19T09:00:00+05:00',
    });
    expect(registered.status).toBe(200);
    expect(registered.body).toMatchObject({ stage: 'registered', body: 'quality_authority' });
    // From 19 March: 20, 26, 27, 30, 31 March, 1-3, 6-10, 13, 14 April (2026 has no transfers in April).
    expect(deadline(registered, 'authority_consideration')).toEqual({
      kind: 'authority_consideration',
      body: 'quality_authority',
      dueDate: '2026-04-14',
      endsAt: '2026-04-14T19:00:00.000Z',
      status: 'pending',
    });
    const decided = await stage(id, 'decision', {
      by: 'quality_authority',
      outcome: 'partially_satisfied',
      reason: 'In part.',
    });
    expect(deadline(decided, 'authority_consideration')).toMatchObject({
      status: 'met',
      metAt: clock.now(),
      metBy: 'ComplaintDecided',
    });
  });

  it('given a complaint filed with the quality authority directly, sets only its 15 days from D0', async () => {
    const id = await file(KEYS.reviewer, { filedWith: 'quality_authority' });
    const read = await app.call('GET', `/v1/complaints/${id}`, { key: KEYS.reviewer });
    expect(read.body.deadlines).toEqual([
      expect.objectContaining({ kind: 'authority_consideration', dueDate: '2026-04-13', status: 'pending' }),
    ]);
  });

  it('opens the court only after a pre-trial decision (Rules §10)', async () => {
    const id = await file();
    const early = await stage(id, 'court-appeal', {});
    expect(early.status).toBe(422);
    expect(early.body.error.code).toBe('court_appeal_premature');
    await stage(id, 'decision', { by: 'service_provider', outcome: 'rejected', reason: 'No fault.' });
    const appealed = await stage(id, 'court-appeal', {});
    expect(appealed.status).toBe(200);
    expect(appealed.body).toMatchObject({ stage: 'appealed_to_court', appealedToCourtAt: clock.now() });
  });

  it('refuses stage instants before the complaint reached the body (422) and answers repeats as conflicts (409)', async () => {
    const id = await file();
    const before = await stage(id, 'forwarding', {
      to: 'higher_body',
      forwardedAt: '2026-03-17T10:00:00+05:00',
    });
    expect(before.status).toBe(422);
    expect(before.body.error).toMatchObject({
      code: 'invalid_chronology',
      details: { field: 'forwardedAt' },
    });
    expect((await stage(id, 'forwarding', { to: 'higher_body' })).status).toBe(200);
    const again = await stage(id, 'forwarding', { to: 'quality_authority' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('complaint_already_forwarded');
    const notThere = await stage(id, 'decision', {
      by: 'quality_authority',
      outcome: 'rejected',
      reason: 'x',
    });
    expect(notThere.status).toBe(422);
    expect(notThere.body.error.code).toBe('complaint_not_with_body');
  });

  it('answers 404 complaint_not_found for a complaint that does not exist', async () => {
    const missing = '00000000-0000-4000-8000-000000000000';
    expect((await app.call('GET', `/v1/complaints/${missing}`, { key: KEYS.reviewer })).body.error.code).toBe(
      'complaint_not_found',
    );
    const forward = await stage(missing, 'forwarding', { to: 'higher_body' });
    expect(forward.status).toBe(404);
    expect((await app.call('GET', '/v1/complaints/not-a-uuid', { key: KEYS.reviewer })).status).toBe(404);
  });

  it('refuses malformed input with 400 validation_failed or invalid_iin', async () => {
    const post = (body: unknown) => app.call('POST', '/v1/complaints', { key: KEYS.reviewer, body });
    const cases: Array<[unknown, string]> = [
      [complaintBody({ subject: undefined }), 'validation_failed'],
      [complaintBody({ filedWith: 'higher_body' }), 'validation_failed'],
      [complaintBody({ registeredAt: '18.03.2026' }), 'validation_failed'],
      [complaintBody({ requestId: 'abc' }), 'validation_failed'],
      [complaintBody({ extra: true }), 'validation_failed'],
      [complaintBody({ iin: '900101300018' }), 'invalid_iin'],
    ];
    for (const [body, code] of cases) {
      const answer = await post(body);
      expect({ status: answer.status, code: answer.body.error.code }).toEqual({ status: 400, code });
    }
    const id = await file();
    const badOutcome = await stage(id, 'decision', { by: 'service_provider', outcome: 'maybe', reason: 'x' });
    expect(badOutcome.status).toBe(400);
    for (const query of ['?deadline=late', '?dueBefore=2026-02-30', '?limit=0', '?cursor=xyz', '?iin=1']) {
      expect({ query, status: (await list(query)).status }).toEqual({ query, status: 400 });
    }
  });

  it('refuses a registeredAt in the future with 400 (SPEC §4)', async () => {
    const future = await app.call('POST', '/v1/complaints', {
      key: KEYS.reviewer,
      body: complaintBody({ registeredAt: '2026-03-19T04:00:01Z' }),
    });
    expect(future.status).toBe(400);
    expect(future.body.error).toMatchObject({
      code: 'validation_failed',
      details: { field: 'registeredAt' },
    });
  });

  it('lets channels file and read their own complaints, never decide or read others’ (SPEC §4)', async () => {
    // A channel's complaint is registered when received: it sends no registeredAt (issue 9 item 5).
    const portals = await file(KEYS.portal, { registeredAt: undefined });
    const mobiles = await file(KEYS.mobile, { registeredAt: undefined });
    expect((await app.call('GET', `/v1/complaints/${portals}`, { key: KEYS.portal })).status).toBe(200);
    expect((await app.call('GET', `/v1/complaints/${mobiles}`, { key: KEYS.portal })).status).toBe(404);
    const listed = await list('?limit=200', KEYS.portal);
    expect(listed.status).toBe(200);
    const ids = (listed.body.complaints as Array<{ complaintId: string }>).map((c) => c.complaintId);
    expect(ids).toContain(portals);
    expect(ids).not.toContain(mobiles);

    const decide = await stage(
      portals,
      'decision',
      { by: 'service_provider', outcome: 'satisfied', reason: 'x' },
      KEYS.portal,
    );
    expect(decide.status).toBe(403);
    expect((await stage(portals, 'forwarding', { to: 'higher_body' }, KEYS.mobile)).status).toBe(403);
    expect((await stage(portals, 'registration', { body: 'higher_body' }, KEYS.portal)).status).toBe(403);
  });

  it('refuses auditors complaint writes and reads (403)', async () => {
    const auditor = await app.call('POST', '/v1/complaints', { key: KEYS.auditor, body: complaintBody() });
    expect(auditor.status).toBe(403);
    expect((await app.call('GET', '/v1/complaints', { key: KEYS.auditor })).status).toBe(403);
  });

  it('writes one complaint for a retried Idempotency-Key', async () => {
    const headers = { 'idempotency-key': 'complaint-retry-1' };
    const first = await app.call('POST', '/v1/complaints', {
      key: KEYS.reviewer,
      body: complaintBody(),
      headers,
    });
    const retry = await app.call('POST', '/v1/complaints', {
      key: KEYS.reviewer,
      body: complaintBody(),
      headers,
    });
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    const events = await app.runtime.store.readStream(`complaint-${first.body.complaintId}`);
    expect(events).toHaveLength(1);
  });

  it('lists complaints earliest due date first, a page at a time', async () => {
    await file(KEYS.reviewer, { registeredAt: '2026-03-19T09:00:00+05:00' });
    const all = await list('?limit=200');
    const firstDue = (c: { deadlines: Array<{ status: string; dueDate: string }> }) =>
      c.deadlines.filter((d) => d.status === 'pending').map((d) => d.dueDate)[0] ?? '9999-12-31';
    const dues = (all.body.complaints as Parameters<typeof firstDue>[0][]).map(firstDue);
    expect(dues.length).toBeGreaterThan(5);
    expect(dues).toEqual([...dues].sort());
    expect(all.body.nextCursor).toBeNull();

    const paged: unknown[] = [];
    let cursor: string | null = null;
    do {
      const page: TestResponse = await list(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.body.complaints.length).toBeLessThanOrEqual(2);
      paged.push(...page.body.complaints);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(paged).toEqual(all.body.complaints);

    const dueBefore = await list(`?dueBefore=${PROVIDER_DUE}`);
    expect(dueBefore.body.complaints.length).toBeGreaterThan(0);
    for (const complaint of dueBefore.body.complaints)
      expect(
        complaint.deadlines.some(
          (d: { status: string; dueDate: string }) => d.status === 'pending' && d.dueDate < PROVIDER_DUE,
        ),
      ).toBe(true);
    const atAuthority = await list('?body=quality_authority&status=decided');
    expect(atAuthority.body.complaints.length).toBeGreaterThan(0);
    for (const complaint of atAuthority.body.complaints)
      expect(complaint).toMatchObject({ body: 'quality_authority', stage: 'decided' });
  });

  // Runs last: it moves the clock past the due date for everyone.
  it('records a deadline still pending at 24:00 Almaty of its due date as missed, and lists it (SPEC R21)', async () => {
    const id = await file();
    const missedIds = async () =>
      ((await list('?deadline=missed&limit=200')).body.complaints as Array<{ complaintId: string }>).map(
        (c) => c.complaintId,
      );

    clock.set('2026-03-26T18:59:59.999Z');
    await sleep(300);
    expect(await missedIds()).not.toContain(id);

    clock.set('2026-03-26T19:00:05.000Z');
    for (let tries = 0; !(await missedIds()).includes(id); tries++) {
      if (tries > 100) throw new Error('the missed deadline was not recorded');
      await sleep(50);
    }
    const read = await app.call('GET', `/v1/complaints/${id}`, { key: KEYS.reviewer });
    expect(deadline(read, 'forward_or_satisfy')).toMatchObject({ status: 'missed', missedAt: FORWARD_ENDS });
    expect(deadline(read, 'provider_consideration')).toMatchObject({ status: 'pending' });
    const events = await app.runtime.store.readStream(`complaint-${id}`);
    expect(events.map((e) => [e.type, e.metadata.actor.role])).toEqual([
      ['ComplaintRecorded', 'reviewer'],
      ['ComplaintDeadlineMissed', 'system'],
    ]);
    // A forwarding after the term is recorded, but does not turn the miss into a success.
    const late = await stage(id, 'forwarding', { to: 'higher_body' });
    expect(deadline(late, 'forward_or_satisfy')).toMatchObject({ status: 'missed' });
  });
});

describe('the working calendar of the complaint service', () => {
  it('answers a due date beyond the calendar’s years as a 503 configuration fault, recording nothing', async () => {
    const app = await startTestApp({ overrides: { clock: new FixedClock('2027-12-28T06:00:00.000Z') } });
    try {
      const answer = await app.call('POST', '/v1/complaints', {
        key: KEYS.reviewer,
        body: complaintBody({ registeredAt: undefined, filedWith: 'quality_authority' }),
      });
      expect(answer.status).toBe(503);
      expect(answer.body.error).toMatchObject({ code: 'calendar_not_covered', details: { year: 2028 } });
      expect(answer.body.error.message).toContain('NUMLINK_CALENDAR_FILE');
      expect(await app.runtime.store.headPosition()).toEqual({ commit: 0n, prepare: 0n });
    } finally {
      await app.close();
    }
  });

  it('does not start with a calendar file it cannot use, naming NUMLINK_CALENDAR_FILE', async () => {
    const file = path.join(scratchDirectory('numlink-calendar-'), 'bad-calendar.json');
    writeFileSync(file, '{"years": [{"year": "soon"}]}');
    await expect(startTestApp({ env: { NUMLINK_CALENDAR_FILE: file } })).rejects.toMatchObject({
      name: 'ConfigError',
      variable: 'NUMLINK_CALENDAR_FILE',
    });
  });
});
