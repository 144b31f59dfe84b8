import { rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { SystemClock } from '../../../src/infrastructure/clock/system-clock';
import { loadConfig } from '../../../src/infrastructure/config/config';
import { NcanodeSignatureVerifier } from '../../../src/infrastructure/eds/ncanode/ncanode-signature-verifier';
import { RevocationCheckingVerifier } from '../../../src/infrastructure/eds/revocation/revocation-checking-verifier';
import { PooledSignatureVerifier } from '../../../src/infrastructure/eds/verification-pool';
import { buildEdsVerifier } from '../../../src/infrastructure/runtime/eds-verifier';
import { generateSigningKey, makeCertificateAuthority, trustAnchorsPem } from '../../support/pki';
import { scratchDirectory } from '../../support/scratch';

describe('the EDS verifier the configuration asks for (SPEC §8)', () => {
  const build = (env: Record<string, string>) =>
    buildEdsVerifier(loadConfig(env).edsChecks, [], new SystemClock());

  it('is the CMS verifier on worker threads in development (revocation off, no TSA anchors)', async () => {
    const verifier = await build({});
    expect(verifier.checks).toBeInstanceOf(PooledSignatureVerifier);
    await verifier.close();
  });

  it('checks revocation when NUMLINK_EDS_REVOCATION asks for it', async () => {
    const verifier = await build({ NUMLINK_EDS_REVOCATION: 'ocsp,crl' });
    expect(verifier.checks).toBeInstanceOf(RevocationCheckingVerifier);
    await verifier.close();
  });

  it('delegates to NCANode when NUMLINK_EDS_VERIFIER=ncanode', async () => {
    const verifier = await build({
      NUMLINK_EDS_VERIFIER: 'ncanode',
      NUMLINK_NCANODE_URL: 'http://127.0.0.1:14579',
    });

    expect(verifier.checks).toBeInstanceOf(NcanodeSignatureVerifier);
  });

  it('reads timestamp tokens on the worker threads when NUMLINK_EDS_TSA_ANCHORS is set', async () => {
    const file = path.join(scratchDirectory('numlink-tsa-'), 'tsa.pem');
    const key = await generateSigningKey('ecdsa');
    writeFileSync(file, trustAnchorsPem(await makeCertificateAuthority({ name: 'Test TSA root', key })));
    try {
      const verifier = await build({ NUMLINK_EDS_TSA_ANCHORS: file });

      expect(verifier.checks).toBeInstanceOf(PooledSignatureVerifier);
      await verifier.close();
    } finally {
      rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });

  it('stops on unreadable TSA anchors, naming the variable', async () => {
    await expect(build({ NUMLINK_EDS_TSA_ANCHORS: '/nonexistent/tsa.pem' })).rejects.toThrow(
      /^NUMLINK_EDS_TSA_ANCHORS:/,
    );
  });
});
