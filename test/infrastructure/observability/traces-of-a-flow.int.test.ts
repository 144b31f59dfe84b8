import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { otpInSmsText } from '../../../src/application/sms-text';
import { signDataToSign } from '../../../src/infrastructure/dev-pki/development-pki';
import { waitForSms } from '../../../src/infrastructure/sms/sms-sink-reader';
import {
  dropSchemas,
  freePort,
  freshDatabaseUrl,
  serverForProcesses,
  serviceBuilt,
  ServiceProcess,
} from '../../support/service-process';
import { scratchDirectory } from '../../support/scratch';

const maybe = serviceBuilt() && serverForProcesses() ? it : it.skip;

interface OtlpAttribute {
  readonly key: string;
  readonly value: Record<string, unknown>;
}
interface OtlpSpan {
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId?: string;
  readonly name: string;
  readonly attributes?: OtlpAttribute[];
}

/** An OTLP/HTTP receiver (JSON encoding) on 127.0.0.1 that keeps every span it is sent. */
async function otlpReceiver(): Promise<{ url: string; spans: OtlpSpan[]; server: Server }> {
  const spans: OtlpSpan[] = [];
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    request.on('end', () => {
      if (request.url === '/v1/traces') {
        const payload = JSON.parse(body) as {
          resourceSpans: Array<{ scopeSpans: Array<{ spans: OtlpSpan[] }> }>;
        };
        for (const resource of payload.resourceSpans)
          for (const scope of resource.scopeSpans) spans.push(...scope.spans);
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, spans, server };
}

const CITIZEN = '850315401211';
const PHONE = '+77011234567';
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';

describe('traces of one whole flow (OpenTelemetry SDK, OTLP/HTTP)', () => {
  let service: ServiceProcess | undefined;
  let receiver: Awaited<ReturnType<typeof otlpReceiver>> | undefined;
  afterAll(async () => {
    await service?.exited;
    await dropSchemas();
  });
  afterEach(() => {
    service?.kill();
    receiver?.server.close();
  });

  maybe(
    "continues the caller's traceparent through commands, appends and reactions, with no personal data",
    async () => {
      receiver = await otlpReceiver();
      const dataDir = scratchDirectory('numlink-traces-');
      const port = await freePort();
      service = ServiceProcess.start({
        NUMLINK_DATA_DIR: dataDir,
        NUMLINK_DATABASE_URL: await freshDatabaseUrl(),
        NUMLINK_PORT: String(port),
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_METRICS_EXPORTER: 'none',
        OTEL_LOGS_EXPORTER: 'none',
        OTEL_BSP_SCHEDULE_DELAY: '200',
      });
      await service.waitForLine((line) => line.msg === 'numlink is listening' && line.tracing === true);
      const call = async (route: string, body: unknown) => {
        const response = await fetch(`http://127.0.0.1:${port}${route}`, {
          method: 'POST',
          headers: {
            authorization: 'Bearer dev-portal-key',
            'content-type': 'application/json',
            traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01`,
          },
          body: JSON.stringify(body),
        });
        return { status: response.status, body: (await response.json()) as Record<string, string> };
      };

      const created = await call('/v1/number-requests', {
        iin: CITIZEN,
        phone: PHONE,
        purpose: 'connect',
        consent: { given: true, textVersion: '2024-03' },
      });
      expect(created.status).toBe(201);
      const requestId = created.body.requestId!;
      const sms = await waitForSms(path.join(dataDir, 'sms.jsonl'), requestId, { timeoutMs: 60_000 });
      const otp = otpInSmsText(sms.text)!;
      const signature = await signDataToSign(dataDir, CITIZEN, created.body.dataToSign!);
      const confirmed = await call(`/v1/number-requests/${requestId}/confirmation`, { otp, signature });
      expect(confirmed.status).toBe(200);

      const named = (name: string) => receiver!.spans.filter((span) => span.name === name);
      // The SMS reaction ran before the code could be read; SIGTERM stops the reactions at a checkpoint
      // and flushes what the SDK still buffers.
      service.signal('SIGTERM');
      expect(await service.exited).toBe(0);

      const spans = receiver.spans;
      if (process.env.NUMLINK_TEST_PRINT_TRACE) {
        const byId = new Map(spans.map((span) => [span.spanId, span.name]));
        for (const span of spans)
          console.log(
            `${span.name} <- ${span.parentSpanId ? (byId.get(span.parentSpanId) ?? span.parentSpanId) : '-'}`,
          );
      }
      const one = (name: string) => {
        const found = named(name);
        expect({ name, count: found.length }).toEqual({ name, count: 1 });
        return found[0]!;
      };
      const create = one('POST /v1/number-requests');
      const requestOtp = one('command.RequestOtp');
      const sendSms = one('reaction.SendOtpSms');
      const confirmation = one('POST /v1/number-requests/:id/confirmation');
      const confirm = one('command.ConfirmNumber');
      const appendMany = one('eventStore.appendMany');

      expect(new Set(spans.map((span) => span.traceId))).toEqual(new Set([TRACE_ID]));
      expect(create.parentSpanId).toBe(CALLER_SPAN);
      expect(confirmation.parentSpanId).toBe(CALLER_SPAN);
      expect(requestOtp.parentSpanId).toBe(create.spanId);
      expect(confirm.parentSpanId).toBe(confirmation.spanId);
      // The reactions continue the context stored with the events the commands wrote.
      expect(sendSms.parentSpanId).toBe(requestOtp.spanId);
      // The confirmation and what it connects are one append (SPEC R11 in one transaction): the
      // connection completer finds the connection in the confirmation's commit and has nothing to do.
      expect(appendMany.parentSpanId).toBe(confirm.spanId);
      expect(named('reaction.CompleteConnection')).toEqual([]);
      const appends = named('eventStore.append');
      expect(appends.map((span) => span.parentSpanId)).toEqual(expect.arrayContaining([requestOtp.spanId]));

      const attributeText = JSON.stringify(spans.map((span) => span.attributes ?? []));
      for (const secret of [CITIZEN, PHONE.slice(1), '7011234567', otp, requestId])
        expect(attributeText).not.toContain(secret);
    },
    240_000,
  );
});
