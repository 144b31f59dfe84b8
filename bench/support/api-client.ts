import { Agent, request, type OutgoingHttpHeaders } from 'node:http';

export interface ApiAnswer {
  readonly status: number;
  readonly text: string;
}

/** HTTP/1.1 with keep-alive over node:http (lighter on this generator's CPU than `fetch`). */
export class ApiClient {
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 256 });

  constructor(private readonly port: number) {}

  call(method: string, route: string, key?: string, body?: unknown): Promise<ApiAnswer> {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: OutgoingHttpHeaders = {};
    if (key !== undefined) headers.authorization = `Bearer ${key}`;
    if (payload !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = Buffer.byteLength(payload);
    }
    return new Promise((resolve, reject) => {
      const outgoing = request(
        { host: '127.0.0.1', port: this.port, method, path: route, agent: this.agent, headers },
        (response) => {
          const chunks: Buffer[] = [];
          response.on('data', (chunk: Buffer) => chunks.push(chunk));
          response.on('end', () =>
            resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
          );
          response.on('error', reject);
        },
      );
      outgoing.on('error', reject);
      outgoing.end(payload);
    });
  }

  close(): void {
    this.agent.destroy();
  }
}

/** The answer's JSON when it has the expected status; else an error naming the step and the error code only. */
export function expectAnswer(answer: ApiAnswer, status: number, step: string): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(answer.text);
  } catch {
    body = undefined;
  }
  if (answer.status !== status) {
    const code = (body as { error?: { code?: string } } | undefined)?.error?.code ?? 'no error code';
    throw new Error(`${step}: HTTP ${answer.status} (${code}), expected ${status}`);
  }
  if (typeof body !== 'object' || body === null) throw new Error(`${step}: the answer is not a JSON object`);
  return body as Record<string, unknown>;
}
