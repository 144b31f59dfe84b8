import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  dropSchemas,
  freePort,
  freshDatabaseUrl,
  serverForProcesses,
  serviceBuilt,
  ServiceProcess,
  type LogLine,
} from '../../support/service-process';
import { scratchDirectory } from '../../support/scratch';

const maybe = serviceBuilt() && serverForProcesses() ? it : it.skip;
const PROCESS_TIMEOUT_MS = 180_000;

/** The sample citizen of the development identity file, answered by the held registry below. */
const CITIZEN = '850315401211';

/** An identity registry that holds every answer until the test lets it go. */
async function heldRegistry(): Promise<{
  url: string;
  asked: Promise<void>;
  release(): void;
  server: Server;
}> {
  const held: ServerResponse[] = [];
  let asked!: () => void;
  const askedOnce = new Promise<void>((resolve) => (asked = resolve));
  let released = false;
  const answer = (response: ServerResponse) =>
    response
      .writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ iin: CITIZEN, status: 'active', documentsValid: true }));
  const server = createServer((_request, response) => {
    if (released) answer(response);
    else held.push(response);
    asked();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    asked: askedOnce,
    release: () => {
      released = true;
      held.splice(0).forEach(answer);
    },
    server,
  };
}

const phase = (text: string) => (line: LogLine) => line.msg === `shutdown: ${text}`;

describe('the service process: SIGTERM drains, start-up failures are one JSON line', () => {
  let service: ServiceProcess | undefined;
  let registry: Awaited<ReturnType<typeof heldRegistry>> | undefined;
  // One data directory for the file: the development PKI is made once.
  const dataDir = scratchDirectory('numlink-process-');
  afterAll(async () => {
    await service?.exited;
    await dropSchemas();
  });
  afterEach(() => {
    service?.kill();
    registry?.release();
    registry?.server.close();
  });

  maybe(
    'on SIGTERM readiness answers 503, the request in flight is answered, then it stops in phases and exits 0',
    async () => {
      registry = await heldRegistry();
      const port = await freePort();
      service = ServiceProcess.start({
        NUMLINK_DATA_DIR: dataDir,
        NUMLINK_DATABASE_URL: await freshDatabaseUrl(),
        NUMLINK_PORT: String(port),
        NUMLINK_IDENTITY_REGISTRY_URL: registry.url,
        NUMLINK_SHUTDOWN_DRAIN_SECONDS: '3',
        NUMLINK_SHUTDOWN_GRACE_SECONDS: '30',
      });
      await service.waitForLine((line) => line.msg === 'numlink is listening');
      const base = `http://127.0.0.1:${port}`;
      expect((await fetch(`${base}/health/ready`)).status).toBe(200);

      const inFlight = fetch(`${base}/v1/number-requests`, {
        method: 'POST',
        headers: { authorization: 'Bearer dev-portal-key', 'content-type': 'application/json' },
        body: JSON.stringify({
          iin: CITIZEN,
          phone: '+77011234567',
          purpose: 'connect',
          consent: { given: true, textVersion: '2024-03' },
        }),
      });
      await registry!.asked; // the request is being served
      service.signal('SIGTERM');
      const draining = await service.waitForLine(phase('readiness answers 503'));
      expect(draining).toMatchObject({ signal: 'SIGTERM', inFlight: 1, graceSeconds: 30 });
      const ready = await fetch(`${base}/health/ready`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toMatchObject({ checks: { lifecycle: 'shutting_down' } });

      registry!.release();
      const answered = await inFlight;
      // The registry may have timed out (2 s) on a slow machine; either way the request is answered.
      expect([201, 503]).toContain(answered.status);
      expect(await service.exited).toBe(0);

      const order = [
        'readiness answers 503',
        'HTTP closed; requests in flight answered',
        'projections and reactions stopped at their checkpoints',
        'connections closed',
        'done',
      ].map((text) => service!.lines.find(phase(text)));
      // Every phase is logged, in this order by the milliseconds each line records since the signal
      // (the order the lines reach stdout can differ for two lines written in the same tick).
      expect(order.every((line) => line !== undefined)).toBe(true);
      const at = order.map((line) => (typeof line?.ms === 'number' ? line.ms : 0));
      expect(at.every((ms, i) => i === 0 || ms >= at[i - 1]!)).toBe(true);
      expect(service.nonJson).toEqual([]);
    },
    PROCESS_TIMEOUT_MS,
  );

  maybe(
    'reports every bad setting at once, in one JSON line, and exits 1',
    async () => {
      service = ServiceProcess.start({
        NUMLINK_PORT: 'eighty',
        NUMLINK_OTP_MAX_ATTEMPTS: '0',
        NUMLINK_MODE: 'prod',
      });
      expect(await service.exited).toBe(1);
      expect(service.lines).toHaveLength(1);
      const [line] = service.lines;
      expect(line).toMatchObject({ level: 60, stage: 'configuration' });
      expect(line!.variables).toEqual(
        expect.arrayContaining(['NUMLINK_PORT', 'NUMLINK_OTP_MAX_ATTEMPTS', 'NUMLINK_MODE']),
      );
      expect(line!.msg).toMatch(/^numlink cannot start: bad configuration: NUMLINK_MODE: .*NUMLINK_PORT: /);
      expect(service.stderr).toBe('');
      expect(service.nonJson).toEqual([]);
    },
    PROCESS_TIMEOUT_MS,
  );

  maybe(
    'names the port in use',
    async () => {
      const port = await freePort();
      const blocker = createServer();
      await new Promise<void>((resolve) => blocker.listen(port, '0.0.0.0', resolve));
      try {
        service = ServiceProcess.start({
          NUMLINK_DATA_DIR: dataDir,
          NUMLINK_DATABASE_URL: await freshDatabaseUrl(),
          NUMLINK_PORT: String(port),
        });
        expect(await service.exited).toBe(1);
        const failure = service.lines.find((line) => line.level === 60);
        expect(failure).toMatchObject({
          stage: 'http',
          msg: `numlink cannot start: port ${port} is in use (NUMLINK_PORT)`,
        });
        expect(service.stderr).toBe('');
      } finally {
        blocker.close();
      }
    },
    PROCESS_TIMEOUT_MS,
  );

  maybe(
    'says the database cannot be reached',
    async () => {
      const port = await freePort(); // nothing listens there
      service = ServiceProcess.start({
        NUMLINK_DATABASE_URL: `postgres://numlink@127.0.0.1:${port}/numlink`,
      });
      expect(await service.exited).toBe(1);
      expect(service.lines).toHaveLength(1);
      expect(service.lines[0]).toMatchObject({ stage: 'database', code: 'ECONNREFUSED' });
      expect(service.lines[0]!.msg).toMatch(
        /^numlink cannot start: cannot open the database or the adapters: /,
      );
      expect(service.stderr).toBe('');
    },
    PROCESS_TIMEOUT_MS,
  );
});
