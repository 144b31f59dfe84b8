import { ConfigError, loadConfig } from '../../../src/infrastructure/config/config';

describe('the limit of lookups by number (issue 9 item 8)', () => {
  it('allows a channel 30 lookups by number a minute unless configured', () => {
    expect(loadConfig({}).limits.lookupsByNumberPerMinute).toBe(30);
    expect(loadConfig({ NUMLINK_LOOKUPS_BY_NUMBER_PER_MINUTE: '5' }).limits.lookupsByNumberPerMinute).toBe(5);
  });

  it.each(['0', 'many', '-3'])('stops on NUMLINK_LOOKUPS_BY_NUMBER_PER_MINUTE=%s, naming it', (value) => {
    expect(() => loadConfig({ NUMLINK_LOOKUPS_BY_NUMBER_PER_MINUTE: value })).toThrow(ConfigError);
    expect(() => loadConfig({ NUMLINK_LOOKUPS_BY_NUMBER_PER_MINUTE: value })).toThrow(
      /^NUMLINK_LOOKUPS_BY_NUMBER_PER_MINUTE:/,
    );
  });
});
