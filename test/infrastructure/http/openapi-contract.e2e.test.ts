import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { startTestApp, type TestApp } from '../../support/test-app';
import { scratchDirectory } from '../../support/scratch';

interface Operation {
  readonly operationId?: string;
  readonly summary?: string;
  readonly security?: readonly unknown[];
  readonly parameters?: readonly { readonly name: string; readonly in: string }[];
  readonly responses: Record<
    string,
    {
      readonly description: string;
      readonly headers?: Record<string, unknown>;
      readonly content?: Record<string, { schema?: unknown }>;
    }
  >;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Issue 13: the contract a channel's developer integrates from, complete and linted. */
describe('the OpenAPI contract at /docs-json', () => {
  let app: TestApp;
  let document: {
    openapi: string;
    paths: Record<string, Partial<Record<string, Operation>>>;
    components: { securitySchemes: Record<string, unknown> };
  };
  const operations = (): [string, string, Operation][] =>
    Object.entries(document.paths).flatMap(([route, item]) =>
      METHODS.flatMap((method) =>
        item[method] ? [[route, method, item[method]] as [string, string, Operation]] : [],
      ),
    );

  beforeAll(async () => {
    app = await startTestApp();
    document = (await app.call('GET', '/docs-json')).body;
  });
  afterAll(async () => {
    await app.close();
  });

  it('describes every route of SPEC §4 with every status it answers', () => {
    const statuses = Object.fromEntries(
      operations().map(([route, method, operation]) => [
        `${method.toUpperCase()} ${route}`,
        Object.keys(operation.responses).sort(),
      ]),
    );
    expect(Object.keys(statuses).sort()).toEqual(
      [
        'GET /health/live',
        'GET /health/ready',
        'GET /metrics',
        'GET /v1/audit/events',
        'GET /v1/audit/verification',
        'GET /v1/complaints',
        'GET /v1/complaints/{id}',
        'GET /v1/number-links',
        'GET /v1/number-links/{iin}',
        'GET /v1/number-requests/{id}',
        'POST /v1/bank-checks',
        'POST /v1/complaints',
        'POST /v1/complaints/{id}/court-appeal',
        'POST /v1/complaints/{id}/decision',
        'POST /v1/complaints/{id}/forwarding',
        'POST /v1/complaints/{id}/registration',
        'POST /v1/number-requests',
        'POST /v1/number-requests/{id}/confirmation',
        'POST /v1/number-requests/{id}/otp',
      ].sort(),
    );
    expect(statuses['POST /v1/bank-checks']).toEqual(expect.arrayContaining(['200', '202']));
    expect(statuses['POST /v1/bank-checks']).not.toContain('201');
    expect(statuses['POST /v1/number-requests']).toEqual(
      expect.arrayContaining(['201', '400', '401', '403', '409', '422', '429', '503']),
    );
    expect(statuses['POST /v1/number-requests/{id}/confirmation']).toEqual(
      expect.arrayContaining(['200', '404', '409', '410', '422']),
    );
  });

  it('gives every answer a description and a schema, and every error the one error shape', () => {
    for (const [route, method, operation] of operations()) {
      for (const [status, response] of Object.entries(operation.responses)) {
        const where = `${method} ${route} ${status}`;
        expect([where, response.description.trim().length > 0]).toEqual([where, true]);
        const [content] = Object.values(response.content ?? {});
        expect([where, content?.schema !== undefined]).toEqual([where, true]);
        if (Number(status) >= 400 && route !== '/health/ready')
          expect([where, JSON.stringify(content?.schema)]).toEqual([
            where,
            expect.stringContaining('ErrorBody'),
          ]);
        if (status === '429' || (status === '503' && !route.startsWith('/health')))
          expect([where, Object.keys(response.headers ?? {})]).toEqual([
            where,
            expect.arrayContaining(['Retry-After']),
          ]);
      }
    }
  });

  it('names the API-key bearer scheme, not JWT, and asks for it on every route but health and metrics', () => {
    expect(document.components.securitySchemes.bearer).toMatchObject({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'API key',
    });
    for (const [route, method, operation] of operations()) {
      const isPublic = route.startsWith('/health') || route === '/metrics';
      expect([method, route, operation.security?.length]).toEqual([method, route, isPublic ? 0 : 1]);
    }
  });

  it('takes Idempotency-Key on every write and documents the audit query parameters', () => {
    for (const [route, method, operation] of operations()) {
      if (method !== 'post') continue;
      expect([
        route,
        operation.parameters?.some((p) => p.in === 'header' && p.name === 'Idempotency-Key'),
      ]).toEqual([route, true]);
    }
    const audit = document.paths['/v1/audit/events']!.get!;
    expect(
      audit.parameters
        ?.filter((p) => p.in === 'query')
        .map((p) => p.name)
        .sort(),
    ).toEqual(['complaintId', 'cursor', 'from', 'iin', 'limit', 'phone', 'to']);
  });

  it('passes the Redocly linter (recommended rules)', async () => {
    const dir = scratchDirectory('numlink-openapi-');
    const file = path.join(dir, 'openapi.json');
    writeFileSync(file, JSON.stringify(document));
    const cli = require.resolve('@redocly/cli/bin/cli.js');
    const config = path.resolve(__dirname, '../../../redocly.yaml');
    const run = await promisify(execFile)(process.execPath, [cli, 'lint', file, `--config=${config}`], {
      env: {
        ...process.env,
        REDOCLY_TELEMETRY: 'off',
        REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true',
        NODE_OPTIONS: '',
      },
      timeout: 120_000,
    }).catch((error: { stdout?: string; stderr?: string; code?: number }) => error);
    const failed = 'code' in run && run.code !== 0;
    expect(failed ? `${run.stdout ?? ''}${run.stderr ?? ''}` : 'lint passed').toBe('lint passed');
  });
});
