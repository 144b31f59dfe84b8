import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { IdentityRegistryUnavailableError } from '../../../src/application/ports/identity-registry';
import type { Iin } from '../../../src/domain/shared/iin';
import { HttpIdentityRegistry } from '../../../src/infrastructure/identity-registry/http-identity-registry';

const citizen = '850315401211' as Iin;

type Handler = (request: IncomingMessage, response: ServerResponse) => void;

/** A registry stand-in on 127.0.0.1 that answers with the handler the test sets, counting requests. */
class FakeRegistry {
  handler: Handler = (_request, response) => response.writeHead(500).end();
  readonly paths: string[] = [];
  private readonly server: Server = createServer((request, response) => {
    this.paths.push(request.url ?? '');
    this.handler(request, response);
  });

  async start(): Promise<string> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

const json =
  (body: unknown, status = 200): Handler =>
  (_request, response) =>
    response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

/**
 * A registry gone wrong: a body with no end and no length, as fast as the socket takes it (up to 256 MiB),
 * and how much of it was written.
 */
function endlessAnswer(status: number): { handler: Handler; written: () => number } {
  const chunk = Buffer.alloc(64 * 1024, 0x20);
  const limit = 256 * 1024 * 1024;
  let written = 0;
  const handler: Handler = (_request, response) => {
    response.writeHead(status, { 'content-type': 'application/json' });
    const pour = () => {
      while (!response.destroyed && written < limit) {
        written += chunk.length;
        if (!response.write(chunk)) break;
      }
      if (!response.destroyed && written < limit) response.once('drain', pour);
    };
    pour();
  };
  return { handler, written: () => written };
}

let registry: FakeRegistry;
let baseUrl: string;
beforeEach(async () => {
  registry = new FakeRegistry();
  baseUrl = await registry.start();
});
afterEach(() => registry.stop());

const client = (options: Partial<ConstructorParameters<typeof HttpIdentityRegistry>[0]> = {}) =>
  new HttpIdentityRegistry({ baseUrl, timeoutMs: 500, backoffMs: 5, ...options });

describe('the HTTP identity registry (R3, Annex 9.1)', () => {
  it('verifies an active person with valid documents, asking GET {base}/persons/{iin}', async () => {
    registry.handler = json({ iin: citizen, status: 'active', documentsValid: true });

    await expect(client({ baseUrl: `${baseUrl}/gateway/` }).check(citizen)).resolves.toEqual({
      status: 'verified',
    });
    expect(registry.paths).toEqual([`/gateway/persons/${citizen}`]);
  });

  it('does not verify an IIN the registry does not know (404)', async () => {
    registry.handler = json({ error: 'not found' }, 404);

    await expect(client().check(citizen)).resolves.toEqual({ status: 'not_verified', reason: 'unknown_iin' });
    expect(registry.paths).toHaveLength(1);
  });

  it('does not verify a deceased person', async () => {
    registry.handler = json({ iin: citizen, status: 'deceased', documentsValid: true });

    await expect(client().check(citizen)).resolves.toEqual({
      status: 'not_verified',
      reason: 'person_not_active',
    });
  });

  it('does not verify a person whose identity documents are invalid', async () => {
    registry.handler = json({ iin: citizen, status: 'active', documentsValid: false });

    await expect(client().check(citizen)).resolves.toEqual({
      status: 'not_verified',
      reason: 'documents_invalid',
    });
  });

  it('retries after a 500 and takes the answer of the next attempt', async () => {
    let calls = 0;
    registry.handler = (request, response) =>
      ++calls === 1
        ? response.writeHead(500).end()
        : json({ iin: citizen, status: 'active', documentsValid: true })(request, response);

    await expect(client().check(citizen)).resolves.toEqual({ status: 'verified' });
    expect(registry.paths).toHaveLength(2);
  });

  it('is unavailable after three 5xx answers, and tries no more than three times', async () => {
    registry.handler = (_request, response) => response.writeHead(503).end();

    const checking = client().check(citizen);

    await expect(checking).rejects.toBeInstanceOf(IdentityRegistryUnavailableError);
    await expect(checking).rejects.toThrow(/HTTP 503 after 3 attempts/);
    expect(registry.paths).toHaveLength(3);
  });

  it('does not retry a 4xx other than 404: it is unavailable at once', async () => {
    registry.handler = (_request, response) => response.writeHead(401).end();

    await expect(client().check(citizen)).rejects.toBeInstanceOf(IdentityRegistryUnavailableError);
    expect(registry.paths).toHaveLength(1);
  });

  it('does not follow a redirect (the path holds the IIN)', async () => {
    registry.handler = (_request, response) =>
      response.writeHead(302, { location: `${baseUrl}/elsewhere/${citizen}` }).end();

    await expect(client().check(citizen)).rejects.toBeInstanceOf(IdentityRegistryUnavailableError);
    expect(registry.paths).toEqual([`/persons/${citizen}`]);
  });

  it('is unavailable when the registry does not answer in time', async () => {
    registry.handler = () => undefined; // never answers

    const started = performance.now();
    await expect(client({ timeoutMs: 200 }).check(citizen)).rejects.toThrow(/did not answer within 200 ms/);
    expect(performance.now() - started).toBeLessThan(2_000);
  });

  it('is unavailable when the answer starts but its body never ends', async () => {
    registry.handler = (_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"iin": ');
    };

    await expect(client({ timeoutMs: 200 }).check(citizen)).rejects.toThrow(/did not answer within 200 ms/);
  });

  it('stops reading an answer past its size cap, declared or not, and asks no more', async () => {
    registry.handler = endlessAnswer(200).handler;

    await expect(client({ timeoutMs: 10_000, maxBytes: 64 * 1024 }).check(citizen)).rejects.toThrow(
      /answered more than 65536 bytes$/,
    );
    expect(registry.paths).toHaveLength(1);

    registry.handler = (_request, response) =>
      response.writeHead(200, { 'content-length': String(1024 * 1024) }).end(Buffer.alloc(1024 * 1024, 0x20));
    await expect(client({ maxBytes: 64 * 1024 }).check(citizen)).rejects.toThrow(
      /answered more than 65536 bytes$/,
    );
  });

  it.each([404, 503])('reads no more than its cap of an endless %i answer', async (status) => {
    const endless = endlessAnswer(status);
    registry.handler = endless.handler;

    await client({ timeoutMs: 2_000, attempts: 1 })
      .check(citizen)
      .catch(() => undefined);

    // What the sockets' buffers took before the connection was closed, not the 2 s a read would take.
    expect(endless.written()).toBeLessThan(16 * 1024 * 1024);
  });

  it('is unavailable when nothing listens (connection refused), after retrying', async () => {
    await registry.stop();
    registry = new FakeRegistry(); // for afterEach
    const refusing = baseUrl;
    await registry.start();

    const checking = client({ baseUrl: refusing }).check(citizen);

    await expect(checking).rejects.toBeInstanceOf(IdentityRegistryUnavailableError);
    await expect(checking).rejects.toThrow(/unreachable \(ECONNREFUSED\) after 3 attempts/);
  });

  it.each([
    ['not JSON', 'surely not json'],
    ['another person', JSON.stringify({ iin: '920720301282', status: 'active', documentsValid: true })],
    ['a record without documentsValid', JSON.stringify({ iin: citizen, status: 'active' })],
  ])('is unavailable when the registry answers %s', async (_what, body) => {
    registry.handler = (_request, response) => response.writeHead(200).end(body);

    await expect(client().check(citizen)).rejects.toBeInstanceOf(IdentityRegistryUnavailableError);
  });

  it('never puts the IIN in its error', async () => {
    registry.handler = (_request, response) => response.writeHead(500).end(citizen);

    const error: unknown = await client()
      .check(citizen)
      .catch((e: unknown) => e);

    expect(error).toBeInstanceOf(IdentityRegistryUnavailableError);
    expect(String((error as Error).message)).not.toContain(citizen);
    expect(String((error as Error).stack)).not.toContain(citizen);
  });

  it('reuses its connection between checks (keep-alive)', async () => {
    const ports = new Set<number>();
    registry.handler = (request, response) => {
      ports.add(request.socket.remotePort ?? 0);
      json({ iin: citizen, status: 'active', documentsValid: true })(request, response);
    };
    const registryClient = client();

    for (let i = 0; i < 10; i++) await registryClient.check(citizen);

    // undici may keep a second connection in its pool, but does not open one per check.
    expect(ports.size).toBeLessThanOrEqual(2);
  });
});
