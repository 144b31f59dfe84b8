import { E2eWorld, KEYS, useWorld } from '../../support/e2e-world';
import { pgliteKind, postgresKind } from '../../support/test-databases';

/** The value of one sample line of the Prometheus text, 0 when the series is absent. */
function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}

describe('what operators see of a flow: counters, request ids (SPEC §1 operators)', () => {
  const world = useWorld({ kind: postgresKind ?? pgliteKind });

  async function metricsText(w: E2eWorld): Promise<string> {
    await w.settled();
    return (await w.app.call('GET', '/metrics')).text;
  }

  it('counts commands by outcome, refusals by code, failed confirmations, EDS checks and SMS', async () => {
    const w = world();
    const before = await metricsText(w);
    const iin = w.citizen();
    const phone = w.phone();
    const created = await w.requestOtp(KEYS.portal, {
      iin,
      phone,
      purpose: 'connect',
      consent: { given: true, textVersion: '2024-03' },
    });
    const requestId = created.body.requestId as string;
    const otp = await w.otpFor(requestId);
    const wrong = await w.confirm(KEYS.portal, requestId, { otp: E2eWorld.wrongCode(otp), signature: 'x' });
    expect(wrong.status).toBe(422);
    const signature = await w.signFor(iin, created.body.dataToSign);
    expect((await w.confirm(KEYS.portal, requestId, { otp, signature })).status).toBe(200);
    const after = await metricsText(w);

    const delta = (series: string) => sample(after, series) - sample(before, series);
    expect(delta('numlink_commands_total{command="RequestOtp",outcome="accepted"}')).toBe(1);
    expect(delta('numlink_commands_total{command="ConfirmNumber",outcome="refused"}')).toBe(1);
    expect(delta('numlink_commands_total{command="ConfirmNumber",outcome="accepted"}')).toBe(1);
    expect(delta('numlink_refusals_total{command="ConfirmNumber",code="otp_invalid"}')).toBe(1);
    expect(delta('numlink_otp_confirmation_failures_total{code="otp_invalid"}')).toBe(1);
    expect(delta('numlink_eds_verifications_total{algorithm="ecdsa",outcome="valid"}')).toBe(1);
    expect(delta('numlink_sms_total{outcome="sent"}')).toBe(1);
  });

  it('serves the default Node.js and process metrics under their standard names', async () => {
    const text = await metricsText(world());
    expect(text).toMatch(/^process_cpu_seconds_total /m);
    expect(text).toMatch(/^process_resident_memory_bytes /m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    expect(text).not.toContain('numlink_process_');
  });

  it("echoes the caller's X-Request-Id and writes it in every log line of the request", async () => {
    const w = world();
    const requestId = `req-${w.freshIin()}`.slice(0, 20);
    const linesBefore = w.app.logLines.length;
    const answer = await w.app.call('GET', '/v1/no-such-route', {
      key: KEYS.portal,
      headers: { 'X-Request-Id': requestId },
    });
    expect(answer.headers.get('x-request-id')).toBe(requestId);
    const lines = w.app.logLines
      .slice(linesBefore)
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line.requestId).toBe(requestId);
  });

  it('takes X-Correlation-Id when no X-Request-Id comes, and makes one up otherwise', async () => {
    const w = world();
    const correlated = await w.app.call('GET', '/health/live', { headers: { 'X-Correlation-Id': 'corr-1' } });
    expect(correlated.headers.get('x-request-id')).toBe('corr-1');
    const fresh = await w.app.call('GET', '/health/live', { headers: { 'X-Request-Id': 'bad id {}' } });
    expect(fresh.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('uses the request id as the correlation id of the events the request writes', async () => {
    const w = world();
    const iin = w.citizen();
    const created = await w.requestOtp(
      KEYS.portal,
      { iin, phone: w.phone(), purpose: 'connect', consent: { given: true, textVersion: '2024-03' } },
      { 'X-Request-Id': 'flow-42' },
    );
    const events = await w.events(`number-request-${created.body.requestId as string}`);
    expect(events.map((e) => e.metadata.correlationId)).toEqual(events.map(() => 'flow-42'));
  });

  it("keeps the caller's W3C traceparent in the envelope of the events it writes (no SDK needed)", async () => {
    const w = world();
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const created = await w.requestOtp(
      KEYS.portal,
      {
        iin: w.citizen(),
        phone: w.phone(),
        purpose: 'connect',
        consent: { given: true, textVersion: '2024-03' },
      },
      { traceparent },
    );
    const events = await w.events(`number-request-${created.body.requestId as string}`);
    expect(events.length).toBeGreaterThan(0);
    for (const event of events) expect(event.metadata.traceparent).toBe(traceparent);
  });
});
