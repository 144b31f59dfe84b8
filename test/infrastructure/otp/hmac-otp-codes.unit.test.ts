import fc from 'fast-check';
import type { OtpBinding } from '../../../src/application/ports/otp-codes';
import { iinCheckDigit, parseIin, type Iin } from '../../../src/domain/shared/iin';
import { parseMsisdn, type Msisdn } from '../../../src/domain/shared/msisdn';
import { HmacOtpCodes } from '../../../src/infrastructure/otp/hmac-otp-codes';
import { generateOtpSecret, MIN_OTP_SECRET_BYTES } from '../../../src/infrastructure/otp/otp-secret';

const secret = generateOtpSecret();
const codes = new HmacOtpCodes(secret);

function valid<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`fixture invalid: ${String(result.error)}`);
  return result.value;
}

const binding: OtpBinding = {
  requestId: '7d0c3f4e-1b2a-4c5d-8e9f-0a1b2c3d4e5f',
  iin: valid(parseIin('850315401211')),
  phone: valid(parseMsisdn('+77011234567')),
};

/** Individuals' IINs: any 11 digits with digit 5 in 0-3 that have a check digit. */
const iinArbitrary: fc.Arbitrary<Iin> = fc
  .tuple(fc.stringMatching(/^\d{4}$/), fc.integer({ min: 0, max: 3 }), fc.stringMatching(/^\d{6}$/))
  .map(([head, fifth, tail]) => `${head}${fifth}${tail}`)
  .filter((first11) => iinCheckDigit(first11) !== undefined)
  .map((first11) => valid(parseIin(`${first11}${iinCheckDigit(first11)}`)));

const phoneArbitrary: fc.Arbitrary<Msisdn> = fc
  .stringMatching(/^\d{7}$/)
  .map((subscriber) => valid(parseMsisdn(`+7701${subscriber}`)));

const codeArbitrary = fc.integer({ min: 0, max: 999_999 }).map((n) => String(n).padStart(6, '0'));

const bindingArbitrary: fc.Arbitrary<OtpBinding> = fc.record({
  requestId: fc.uuid(),
  iin: iinArbitrary,
  phone: phoneArbitrary,
});

describe('one-time password generation (R13)', () => {
  const draws = Array.from({ length: 100_000 }, () => codes.generate());

  it('always gives exactly six digits', () => {
    expect(draws.every((code) => /^\d{6}$/.test(code))).toBe(true);
  });

  it('keeps leading zeros (about a tenth of the codes start with 0)', () => {
    const leadingZero = draws.filter((code) => code.startsWith('0')).length;
    expect(leadingZero).toBeGreaterThan(9_000);
    expect(leadingZero).toBeLessThan(11_000);
  });

  it.each([0, 5])('draws digit %i uniformly (chi-square against uniform, generous bound)', (position) => {
    const counts = Array.from({ length: 10 }, () => 0);
    for (const code of draws) counts[Number(code[position])]! += 1;
    const expected = draws.length / 10;
    const chiSquare = counts.reduce((sum, observed) => sum + (observed - expected) ** 2 / expected, 0);
    // 9 degrees of freedom: 27.9 is the 0.1% tail; 50 fails only a visibly biased generator.
    expect(chiSquare).toBeLessThan(50);
  });

  it('rarely repeats: 100 000 draws hold over 90 000 distinct codes', () => {
    expect(new Set(draws).size).toBeGreaterThan(90_000);
  });
});

describe('the keyed hash bound to request, IIN and number (R13)', () => {
  it('is 64 lowercase hex characters and does not contain the code', () => {
    fc.assert(
      fc.property(bindingArbitrary, codeArbitrary, (b, code) => {
        const hash = codes.hash(b, code);
        expect(hash).toMatch(/^[0-9a-f]{64}$/);
        expect(hash).not.toContain(code);
      }),
    );
  });

  it('changes when the request id changes', () => {
    fc.assert(
      fc.property(bindingArbitrary, fc.uuid(), codeArbitrary, (b, otherRequestId, code) => {
        fc.pre(otherRequestId !== b.requestId);
        expect(codes.hash({ ...b, requestId: otherRequestId }, code)).not.toBe(codes.hash(b, code));
      }),
    );
  });

  it('changes when the IIN changes', () => {
    fc.assert(
      fc.property(bindingArbitrary, iinArbitrary, codeArbitrary, (b, otherIin, code) => {
        fc.pre(otherIin !== b.iin);
        expect(codes.hash({ ...b, iin: otherIin }, code)).not.toBe(codes.hash(b, code));
      }),
    );
  });

  it('changes when the number changes', () => {
    fc.assert(
      fc.property(bindingArbitrary, phoneArbitrary, codeArbitrary, (b, otherPhone, code) => {
        fc.pre(otherPhone !== b.phone);
        expect(codes.hash({ ...b, phone: otherPhone }, code)).not.toBe(codes.hash(b, code));
      }),
    );
  });

  it('changes when the code changes', () => {
    fc.assert(
      fc.property(bindingArbitrary, codeArbitrary, codeArbitrary, (b, code, otherCode) => {
        fc.pre(code !== otherCode);
        expect(codes.hash(b, otherCode)).not.toBe(codes.hash(b, code));
      }),
    );
  });

  it('changes with the secret: another deployment cannot reproduce it', () => {
    const other = new HmacOtpCodes(generateOtpSecret());
    expect(other.hash(binding, '123456')).not.toBe(codes.hash(binding, '123456'));
  });

  it('is the HMAC-SHA-256 of requestId|iin|phone|code under the secret', async () => {
    const { createHmac } = await import('node:crypto');
    const expected = createHmac('sha256', secret)
      .update(`${binding.requestId}|${binding.iin}|${binding.phone}|042917`)
      .digest('hex');
    expect(codes.hash(binding, '042917')).toBe(expected);
  });
});

describe('verifying a submitted code (R13, Rules §9)', () => {
  it('accepts the code that was issued for this binding', () => {
    fc.assert(
      fc.property(bindingArbitrary, codeArbitrary, (b, code) => {
        expect(codes.verify(b, code, codes.hash(b, code))).toBe(true);
      }),
    );
  });

  it('rejects any other code', () => {
    fc.assert(
      fc.property(bindingArbitrary, codeArbitrary, codeArbitrary, (b, code, wrong) => {
        fc.pre(code !== wrong);
        expect(codes.verify(b, wrong, codes.hash(b, code))).toBe(false);
      }),
    );
  });

  it('rejects the right code presented for another request', () => {
    const hash = codes.hash(binding, '123456');
    expect(codes.verify({ ...binding, requestId: 'another-request' }, '123456', hash)).toBe(false);
  });

  it.each(['', '12345', '1234567', '12345a', ' 123456', '１２３４５６'])(
    'rejects the malformed code %j',
    (code) => {
      expect(codes.verify(binding, code, codes.hash(binding, '123456'))).toBe(false);
    },
  );

  it('rejects against a stored hash of another length or a garbled one, without throwing', () => {
    const hash = codes.hash(binding, '123456');
    expect(codes.verify(binding, '123456', hash.slice(0, 63))).toBe(false);
    expect(codes.verify(binding, '123456', `${hash}0`)).toBe(false);
    expect(codes.verify(binding, '123456', '')).toBe(false);
    expect(codes.verify(binding, '123456', hash.toUpperCase())).toBe(false);
  });
});

describe('sealing the code for the SMS dispatcher (R15)', () => {
  it('opens what it sealed for the same request', () => {
    fc.assert(
      fc.property(codeArbitrary, fc.uuid(), (code, requestId) => {
        expect(codes.open(codes.seal(code, requestId), requestId)).toEqual({ ok: true, value: code });
      }),
    );
  });

  it('has the form v1.<iv>.<ciphertext>.<tag> in base64url, with a fresh IV each time', () => {
    const sealed = codes.seal('123456', binding.requestId);
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{8}\.[A-Za-z0-9_-]{22}$/);
    expect(codes.seal('123456', binding.requestId)).not.toBe(sealed);
  });

  it('never seals two codes under one IV, across the refills of its pool (GCM under one key)', () => {
    // 2,000 seals draw 24,000 bytes of IV: six blocks of the pool.
    const ivs = Array.from({ length: 2000 }, () => codes.seal('123456', binding.requestId).split('.')[1]);
    expect(new Set(ivs).size).toBe(ivs.length);
    // An IV handed out earlier is never overwritten by a later draw.
    const first = codes.seal('654321', binding.requestId);
    for (let i = 0; i < 1000; i++) codes.seal('123456', binding.requestId);
    expect(codes.open(first, binding.requestId)).toEqual({ ok: true, value: '654321' });
  });

  it('never holds the code in clear', () => {
    fc.assert(
      fc.property(codeArbitrary, fc.uuid(), (code, requestId) => {
        expect(codes.seal(code, requestId)).not.toContain(code);
      }),
      { numRuns: 2_000 },
    );
  });

  it('refuses to open it for another request', () => {
    const sealed = codes.seal('123456', 'request-a');
    expect(codes.open(sealed, 'request-b')).toEqual({ ok: false, error: 'sealed_otp_invalid' });
  });

  it('refuses to open it under another secret', () => {
    const sealed = codes.seal('123456', binding.requestId);
    const other = new HmacOtpCodes(generateOtpSecret());
    expect(other.open(sealed, binding.requestId)).toEqual({ ok: false, error: 'sealed_otp_invalid' });
  });

  it('refuses any change to any character of the sealed text', () => {
    const sealed = codes.seal('123456', binding.requestId);
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.';
    for (let i = 0; i < sealed.length; i++) {
      for (const replacement of [alphabet[(alphabet.indexOf(sealed[i]!) + 1) % alphabet.length]!, '']) {
        const tampered = sealed.slice(0, i) + replacement + sealed.slice(i + 1);
        expect(codes.open(tampered, binding.requestId)).toEqual({ ok: false, error: 'sealed_otp_invalid' });
      }
    }
  });

  it.each(['', 'v1', 'v2.a.b.c', 'v1...', 'v1.a.b.c.d', '123456'])(
    'refuses the malformed text %j',
    (text) => {
      expect(codes.open(text, binding.requestId)).toEqual({ ok: false, error: 'sealed_otp_invalid' });
    },
  );

  it('issues a code whose seal opens to the code its hash verifies', () => {
    const issued = codes.issue(binding);
    const opened = codes.open(issued.sealed, binding.requestId);
    if (!opened.ok) throw new Error('the issued seal did not open');
    expect(codes.verify(binding, opened.value, issued.hash)).toBe(true);
  });
});

describe('the OTP secret', () => {
  it(`refuses a secret shorter than ${MIN_OTP_SECRET_BYTES} bytes, naming the variable`, () => {
    expect(() => new HmacOtpCodes('x'.repeat(MIN_OTP_SECRET_BYTES - 1))).toThrow(/NUMLINK_OTP_SECRET/);
    expect(() => new HmacOtpCodes('x'.repeat(MIN_OTP_SECRET_BYTES))).not.toThrow();
  });
});
