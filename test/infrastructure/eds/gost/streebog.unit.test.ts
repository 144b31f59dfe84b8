import { streebog256, streebog512 } from '../../../../src/infrastructure/eds/gost/streebog';

// RFC 6986 §10 prints messages and digests as numbers, most significant byte first; implementations take
// and give bytes in the opposite order. Below, everything is in byte order (the RFC's hex read backwards),
// as gost-engine's etalon files and BouncyCastle's tests also hold them.
const M1 = Buffer.from('012345678901234567890123456789012345678901234567890123456789012');
const M2 = Buffer.from(
  'd1e520e2e5f2f0e82c20d1f2f0e8e1eee6e820e2edf3f6e82c20e2e5fef2fa20f120eceef0ff20f1f2f0e5ebe0ece820' +
    'ede020f5f0e0e1f0fbff20efebfaeafb20c8e3eef0e5e2fb',
  'hex',
);
const hex = (digest: Buffer) => digest.toString('hex');

describe('Streebog (GOST R 34.11-2012): the examples of RFC 6986 §10', () => {
  it('hashes M1 (63 bytes) to 512 bits (§10.1.1)', () => {
    expect(hex(streebog512(M1))).toBe(
      '1b54d01a4af5b9d5cc3d86d68d285462b19abc2475222f35c085122be4ba1ffa' +
        '00ad30f8767b3a82384c6574f024c311e2a481332b08ef7f41797891c1646f48',
    );
  });

  it('hashes M1 to 256 bits (§10.1.2)', () => {
    expect(hex(streebog256(M1))).toBe('9d151eefd8590b89daa6ba6cb74af9275dd051026bb149a452fd84e5e57b5500');
  });

  it('hashes M2 (72 bytes, more than one block) to 512 bits (§10.2.1)', () => {
    expect(hex(streebog512(M2))).toBe(
      '1e88e62226bfca6f9994f1f2d51569e0daf8475a3b0fe61a5300eee46d961376' +
        '035fe83549ada2b8620fcd7c496ce5b33f0cb9dddc2b6460143b03dabac9fb28',
    );
  });

  it('hashes M2 to 256 bits (§10.2.2)', () => {
    expect(hex(streebog256(M2))).toBe('9dd2fe4e90409e5da87f53976d7405b0c0cac628fc669a741d50063c557e8f50');
  });

  it('hashes the empty message', () => {
    expect(hex(streebog512(Buffer.alloc(0)))).toBe(
      '8e945da209aa869f0455928529bcae4679e9873ab707b55315f56ceb98bef0a7' +
        '362f715528356ee83cda5f2aac4c6ad2ba3a715c1bcd81cb8e9f90bf4c1c1a8a',
    );
    expect(hex(streebog256(Buffer.alloc(0)))).toBe(
      '3f539a213e97c802cc229d474c6aa32a825a360b2a933a949fd925208d9ce1bb',
    );
  });

  it('carries across words when summing blocks (gost-engine etalon "carry")', () => {
    const carry = Buffer.concat([Buffer.alloc(64, 0xee), Buffer.alloc(64, 0x11)]);
    carry[64] = 0x16;
    carry[127] = 0x16;

    expect(hex(streebog512(carry))).toBe(
      '8b06f41e59907d9636e892caf5942fcdfb71fa31169a5e70f0edb873664df41c' +
        '2cce6e06dc6755d15a61cdeb92bd607cc4aaca6732bf3568a23a210dd520fd41',
    );
  });
});
