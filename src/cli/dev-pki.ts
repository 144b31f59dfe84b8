import 'reflect-metadata';
import { loadConfig } from '../infrastructure/config/config';
import { mintBiometricToken, signDataToSign } from '../infrastructure/dev-pki/development-pki';
import { findLatestSms } from '../infrastructure/sms/sms-sink-reader';
import { otpInSmsText } from '../application/sms-text';
import { instantFromMillis } from '../domain/shared/instant';

const USAGE = `numlink development helper (development mode only)

  npm run dev-pki -- sign <dataToSign> [--rsa]  sign a request's dataToSign as its citizen (development EDS,
                                                GOST 34.10-2015 512-bit; --rsa: RSA-2048)
  npm run dev-pki -- biometric <iin> <requestId>  mint a passed biometric result for the request
  npm run dev-pki -- otp <requestId>              print the latest code sent for the request (SMS sink file)
`;

async function main(args: string[]): Promise<string> {
  const config = loadConfig();
  if (config.mode !== 'development') throw new Error('the development helper works in development mode only');
  const [command, ...rest] = args;
  switch (command) {
    case 'sign': {
      const [data, option] = rest;
      if (!data || (option !== undefined && option !== '--rsa')) throw new Error(USAGE);
      const { iin } = JSON.parse(Buffer.from(data, 'base64').toString('utf8')) as { iin?: string };
      if (!iin) throw new Error('dataToSign names no IIN');
      const now = instantFromMillis(Date.now());
      return signDataToSign(config.dataDir, iin, data, now, option === '--rsa' ? 'rsa' : 'gost2015-512');
    }
    case 'biometric': {
      const [iin, requestId] = rest;
      if (!iin || !requestId) throw new Error(USAGE);
      return mintBiometricToken(config.dataDir, iin, requestId, instantFromMillis(Date.now()));
    }
    case 'otp': {
      const [requestId] = rest;
      if (!requestId || config.smsSink.kind !== 'file') throw new Error(USAGE);
      const sms = await findLatestSms(config.smsSink.path, requestId);
      const code = sms && otpInSmsText(sms.text);
      if (!code) throw new Error(`no SMS for request ${requestId} in ${config.smsSink.path}`);
      return code;
    }
    default:
      throw new Error(USAGE);
  }
}

main(process.argv.slice(2)).then(
  (output) => console.log(output),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
