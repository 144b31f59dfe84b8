import { generateKeyPairSync } from 'node:crypto';
import { publicKeyObjectOf } from '../../../src/infrastructure/eds/default-algorithms';

const publicKeyInfo = (): Buffer =>
  generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ format: 'der', type: 'spki' });

describe('RSA and ECDSA public keys as key objects', () => {
  it("read a CA's key once, and keep it while more citizens' keys than the cache holds pass by", () => {
    const ca = publicKeyInfo();
    const first = publicKeyObjectOf(ca);

    for (let i = 0; i < 40; i++) {
      publicKeyObjectOf(publicKeyInfo());
      expect(publicKeyObjectOf(ca)).toBe(first);
    }
  });

  it("keep no more than the cache holds: a citizen's key seen 40 keys ago is read again", () => {
    const citizen = publicKeyInfo();
    const first = publicKeyObjectOf(citizen);
    for (let i = 0; i < 40; i++) publicKeyObjectOf(publicKeyInfo());

    const again = publicKeyObjectOf(citizen);

    expect(again).not.toBe(first);
    expect(again.equals(first)).toBe(true);
  });
});
