import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { KEYS, useWorld } from '../../support/e2e-world';
import { lookAlikeCertificateAuthorities, withUnreadableTime } from '../../support/hostile-signatures';

// Issue 10 item 4, SPEC §7: no input, however hostile, blocks the event loop for more than 100 ms.
describe('a hostile EDS signature over HTTP', () => {
  const world = useWorld();

  async function openRequest() {
    const opened = await world().openPortalRequest();
    return { ...opened, otp: await world().otpFor(opened.requestId) };
  }

  it('refuses a signature the ASN.1 reader throws on as malformed (422), and still verifies the next one', async () => {
    const w = world();
    const hostile = await openRequest();
    const signature = withUnreadableTime(await w.signFor(hostile.iin, hostile.dataToSign));

    const refused = await w.confirm(KEYS.portal, hostile.requestId, { otp: hostile.otp, signature });
    const honest = await openRequest();
    const accepted = await w.confirm(KEYS.portal, honest.requestId, {
      otp: honest.otp,
      signature: await w.signFor(honest.iin, honest.dataToSign),
    });

    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'signature_invalid', details: { reason: 'malformed' } });
    expect(accepted.status).toBe(200);
  });

  it.each([7, 29])(
    'refuses %i look-alike self-signed CAs within 1 s, /health/live answering, the event loop never held over 100 ms (or twice as long as beside an honest one on a busy machine)',
    async (authorities) => {
      const w = world();
      // A first confirmation starts the verification workers, as any earlier request would have.
      const warm = await openRequest();
      await w.confirm(KEYS.portal, warm.requestId, { otp: warm.otp, signature: 'bm90IGEgc2lnbmF0dXJl' });
      // The service runs in this process: how long its event loop was held while `work` ran.
      const delay = monitorEventLoopDelay({ resolution: 10 });
      delay.enable();
      // /health/live asked every 10 ms while `work` runs: whether all were 200, and the longest stall.
      const probeWhile = async <T>(work: Promise<T>) => {
        delay.reset();
        let running = true;
        const answers: { status: number; ms: number }[] = [];
        const probe = (async () => {
          while (running) {
            const started = performance.now();
            const live = await w.app.call('GET', '/health/live');
            answers.push({ status: live.status, ms: performance.now() - started });
            await sleep(10);
          }
        })();
        const result = await work.finally(() => {
          running = false;
        });
        await probe;
        return { result, answers, stallMs: delay.max / 1e6 };
      };
      // The baseline, in the same run: an honest signature's confirmation (a whole chain verified),
      // and how long /health/live waited meanwhile.
      const honest = await openRequest();
      const signature = await w.signFor(honest.iin, honest.dataToSign);
      const honestStarted = performance.now();
      const honestRun = await probeWhile(
        w.confirm(KEYS.portal, honest.requestId, { otp: honest.otp, signature }),
      );
      expect(honestRun.result.status).toBe(200);
      const baseline = performance.now() - honestStarted;
      const request = await openRequest();
      const hostile = await lookAlikeCertificateAuthorities(
        Buffer.from(request.dataToSign, 'base64'),
        authorities,
        request.iin,
      );

      const started = performance.now();
      const hostileRun = await probeWhile(
        w.confirm(KEYS.portal, request.requestId, { otp: request.otp, signature: hostile }),
      );
      const elapsed = performance.now() - started;
      const { result: response, answers } = hostileRun;
      const stalls = [hostileRun.stallMs];

      expect(response.status).toBe(422);
      expect(['signature_invalid', 'certificate_untrusted']).toContain(response.body.error.code);
      // 1 s on a quiet machine; on a busy one, never more than ten honest confirmations' time.
      expect(elapsed).toBeLessThan(Math.max(1_000, 10 * baseline));
      expect(answers.length).toBeGreaterThan(0);
      expect(answers.every((answer) => answer.status === 200)).toBe(true);
      // Two more hostile confirmations: a verification on the event loop holds it in every one of them
      // (for seconds), a busy machine (this process descheduled) only in some. The least stall counts, as
      // in the hostile-input property test.
      for (let more = 0; more < 2; more++) {
        const next = await openRequest();
        const again = await lookAlikeCertificateAuthorities(
          Buffer.from(next.dataToSign, 'base64'),
          authorities,
          next.iin,
        );
        const run = await probeWhile(
          w.confirm(KEYS.portal, next.requestId, { otp: next.otp, signature: again }),
        );
        expect(run.result.status).toBe(422);
        stalls.push(run.stallMs);
      }
      delay.disable();
      // 100 ms (SPEC §7); on a busy machine, no longer than twice the stall beside an honest signature.
      expect(Math.min(...stalls)).toBeLessThan(Math.max(100, 2 * honestRun.stallMs));
    },
  );
});
