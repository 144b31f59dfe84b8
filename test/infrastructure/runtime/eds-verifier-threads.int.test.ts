import { EdsVerifier } from '../../../src/infrastructure/runtime/eds-verifier';
import { CITIZEN_IIN, VERIFIED_AT } from '../../support/pki';
import { startTestApp } from '../../support/test-app';

describe('the EDS verification pool closes with the runtime (SPEC §7)', () => {
  it('leaves no worker thread running once the runtime is closed', async () => {
    const app = await startTestApp();
    const verifier = app.runtime.ports.signatures;
    expect(verifier).toBeInstanceOf(EdsVerifier);
    const pooled = verifier as EdsVerifier;

    // Given a runtime whose pool has started a thread for a verification
    const check = await pooled.verify({
      dataToSign: Buffer.from('{}'),
      signature: 'not a signature',
      expectedIin: CITIZEN_IIN,
      at: VERIFIED_AT,
    });
    expect(check.status).toBe('invalid');
    expect(pooled.threads).toBeGreaterThan(0);

    // When the runtime closes
    await app.close();

    // Then the pool's threads have stopped
    expect(pooled.threads).toBe(0);
  });
});
