import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { iinCheckDigit, parseIin, type Iin } from '../../src/domain/shared/iin';
import { instantFromMillis } from '../../src/domain/shared/instant';
import {
  biometricResultClaims,
  jwksOf,
  publicJwkOf,
  signBiometricToken,
} from '../../src/infrastructure/dev-pki/biometric-token';
import { generateSigningKey, type NodeSigningKey } from '../../src/infrastructure/dev-pki/signing-key';

/** The issuer the benches' biometric provider signs as (the service is started trusting it). */
export const BIOMETRIC_ISSUER = 'numlink-bench-biometrics';

const DAY_MS = 24 * 60 * 60 * 1000;

/** `count` valid IINs of private persons born from 1960 on, their check digits computed. */
export function generateIins(count: number): Iin[] {
  const iins: Iin[] = [];
  const first = Date.UTC(1960, 0, 1);
  for (let day = 0; iins.length < count; day++) {
    const date = new Date(first + day * DAY_MS).toISOString();
    const yymmdd = `${date.slice(2, 4)}${date.slice(5, 7)}${date.slice(8, 10)}`;
    for (let serial = 1; serial < 100 && iins.length < count; serial++) {
      const first11 = `${yymmdd}3${String(serial).padStart(4, '0')}`;
      const check = iinCheckDigit(first11);
      if (check === undefined) continue;
      const parsed = parseIin(`${first11}${check}`);
      if (parsed.ok) iins.push(parsed.value);
    }
  }
  return iins;
}

/** The biometric provider this run trusts (R17): a key held here, its JWKS in a file for the service. */
export class BiometricProvider {
  private constructor(
    private readonly key: NodeSigningKey,
    private readonly keyId: string,
  ) {}

  static async create(jwksFile: string): Promise<BiometricProvider> {
    const key = await generateSigningKey('ecdsa');
    writeFileSync(jwksFile, JSON.stringify(await jwksOf([key])));
    const keyId = (await publicJwkOf(key)).kid;
    if (keyId === undefined) throw new Error('the biometric key has no key id');
    return new BiometricProvider(key, keyId);
  }

  /** "match" for this citizen and request, issued now (what `mintBiometricToken` makes, key in memory). */
  mint(iin: string, requestId: string): Promise<string> {
    const claims = biometricResultClaims({
      issuer: BIOMETRIC_ISSUER,
      iin,
      requestId,
      issuedAt: instantFromMillis(Date.now()),
      validForSeconds: 300,
    });
    return signBiometricToken(claims, this.key, this.keyId);
  }
}

/** A TCP port free on 127.0.0.1 now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no TCP port');
  return address.port;
}
