import { createLogger } from '../../../src/infrastructure/observability/logger';
import { requestScope } from '../../../src/infrastructure/observability/request-scope';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  const logger = createLogger({
    level: 'info',
    destination: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  });
  return { logger, lines };
}

describe('the one logger inside and outside a request', () => {
  it('writes the request id in every line logged while serving the request, after awaits too', async () => {
    const { logger, lines } = capture();
    await requestScope.run({ requestId: 'r-1' }, async () => {
      logger.info('first');
      await new Promise((resolve) => setImmediate(resolve));
      logger.warn({ projection: 'x' }, 'second');
    });
    logger.info('outside');
    expect(lines.map((l) => [l.msg, l.requestId])).toEqual([
      ['first', 'r-1'],
      ['second', 'r-1'],
      ['outside', undefined],
    ]);
  });
});
