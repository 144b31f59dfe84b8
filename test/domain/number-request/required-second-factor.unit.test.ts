import { requiredSecondFactor } from '../../../src/domain/number-request/decide';

describe('the factor that accompanies the code (SPEC §4)', () => {
  it.each([
    ['connect', 'portal', 'signature'],
    ['connect', 'egov-mobile', 'biometric'],
    ['connect', 'bank', 'biometric'],
    ['change', 'portal', 'signature'],
    ['change', 'egov-mobile', 'signature'],
    ['change', 'bank', 'signature'],
  ] as const)('%s through %s needs %s', (purpose, channel, factor) =>
    expect(requiredSecondFactor(purpose, channel)).toBe(factor),
  );
});
