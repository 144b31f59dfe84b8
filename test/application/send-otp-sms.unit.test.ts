import type { RecordedEvent } from '../../src/application/ports/event-store';
import { SmsSender, type Sms } from '../../src/application/ports/sms-sender';
import { SendOtpSms, SMS_NUMBERS_IN_FLIGHT } from '../../src/application/send-otp-sms';
import { otpInSmsText } from '../../src/application/sms-text';
import { HmacOtpCodes } from '../../src/infrastructure/otp/hmac-otp-codes';
import { generateOtpSecret } from '../../src/infrastructure/otp/otp-secret';
import { FixedClock } from '../support/fixed-clock';

const codes = new HmacOtpCodes(generateOtpSecret());

/** An `OtpIssued` for `phone`, its code sealed for its request as the decider seals it. */
function otpIssued(eventId: string, phone: string, code: string): RecordedEvent {
  const requestId = `request-${phone}`;
  return {
    eventId,
    type: 'OtpIssued',
    schemaVersion: 1,
    streamId: `number-request-${requestId}`,
    revision: 1n,
    position: { commit: 1n, prepare: 1n },
    data: {
      requestId,
      phone,
      otpSealed: codes.seal(code, requestId),
      issuedAt: '2026-03-18T05:00:00.000Z',
      otpExpiresAt: '2026-03-18T05:05:00.000Z',
      language: 'ru',
    },
    metadata: {
      occurredAt: '2026-03-18T05:00:00.000Z',
      actor: { principal: 'portal', role: 'channel:portal' },
      correlationId: eventId,
      causationId: eventId,
    },
    recordedAt: '2026-03-18T05:00:00.000Z',
  };
}

/** A gateway whose every send waits until the test lets it go, and which fails for one number. */
class HeldGateway extends SmsSender {
  readonly handedOn: Array<{ to: string; code: string }> = [];
  readonly waiting: Array<() => void> = [];
  inFlight = 0;
  mostInFlight = 0;

  constructor(private readonly failingNumber?: string) {
    super();
  }

  async send(sms: Sms): Promise<void> {
    this.inFlight += 1;
    this.mostInFlight = Math.max(this.mostInFlight, this.inFlight);
    await new Promise<void>((release) => this.waiting.push(release));
    this.inFlight -= 1;
    if (sms.to === this.failingNumber) throw new Error('gateway refused');
    this.handedOn.push({ to: sms.to, code: otpInSmsText(sms.text) ?? '?' });
  }

  /** Lets every send waiting now go, and lets the dispatcher start the next ones. */
  async releaseAll(): Promise<void> {
    for (const release of this.waiting.splice(0)) release();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

async function drain(gateway: HeldGateway, handled: Promise<unknown>): Promise<void> {
  let done = false;
  void handled.finally(() => (done = true)).catch(() => undefined);
  while (!done) await gateway.releaseAll();
}

describe('the SMS dispatcher (Rules §5, R15)', () => {
  it('hands SMS to different numbers on side by side, and one number its codes in the order issued', async () => {
    const gateway = new HeldGateway();
    const dispatcher = new SendOtpSms(codes, gateway, new FixedClock(), 'ru');
    const events = [
      otpIssued('e-1', '+77010000001', '111111'),
      otpIssued('e-2', '+77010000002', '222222'),
      // A resend to the first number: its new code must not overtake the first.
      otpIssued('e-3', '+77010000001', '333333'),
      otpIssued('e-4', '+77010000003', '444444'),
    ];
    const handled = dispatcher.handle(events);
    await new Promise((resolve) => setImmediate(resolve));
    // Three numbers: three SMS on their way at once, the resend still held behind the first code.
    expect(gateway.inFlight).toBe(3);
    await drain(gateway, handled);
    await handled;
    const first = gateway.handedOn.filter((sms) => sms.to === '+77010000001').map((sms) => sms.code);
    expect(first).toEqual(['111111', '333333']);
    expect(gateway.handedOn.map((sms) => sms.code).sort()).toEqual(['111111', '222222', '333333', '444444']);
  });

  it(`keeps at most ${SMS_NUMBERS_IN_FLIGHT} numbers in flight, and sends every SMS of a big batch`, async () => {
    const gateway = new HeldGateway();
    const dispatcher = new SendOtpSms(codes, gateway, new FixedClock(), 'ru');
    const events = Array.from({ length: 3 * SMS_NUMBERS_IN_FLIGHT + 1 }, (_, i) =>
      otpIssued(`e-${i}`, `+7701${String(i).padStart(7, '0')}`, String(100000 + i)),
    );
    const handled = dispatcher.handle(events);
    await drain(gateway, handled);
    await handled;
    expect(gateway.mostInFlight).toBe(SMS_NUMBERS_IN_FLIGHT);
    expect(gateway.handedOn).toHaveLength(events.length);
  });

  it('fails the batch when one SMS fails, only after the others were handed on (the batch is tried again)', async () => {
    const gateway = new HeldGateway('+77010000002');
    const dispatcher = new SendOtpSms(codes, gateway, new FixedClock(), 'ru');
    const handled = dispatcher.handle([
      otpIssued('e-1', '+77010000001', '111111'),
      otpIssued('e-2', '+77010000002', '222222'),
      otpIssued('e-3', '+77010000003', '333333'),
      otpIssued('e-4', '+77010000001', '444444'),
    ]);
    await drain(gateway, handled);
    await expect(handled).rejects.toThrow('gateway refused');
    expect(gateway.handedOn.map((sms) => sms.code).sort()).toEqual(['111111', '333333', '444444']);
  });

  it('sends nothing of a batch holding a code it cannot open', async () => {
    const gateway = new HeldGateway();
    const dispatcher = new SendOtpSms(codes, gateway, new FixedClock(), 'ru');
    const forged = otpIssued('e-2', '+77010000002', '222222');
    const tampered = { ...forged, data: { ...(forged.data as object), otpSealed: 'not-a-sealed-code' } };
    await expect(dispatcher.handle([otpIssued('e-1', '+77010000001', '111111'), tampered])).rejects.toThrow(
      'cannot be opened',
    );
    expect(gateway.inFlight + gateway.handedOn.length).toBe(0);
  });
});
