import { startTestApp, type TestApp } from '../../support/test-app';

describe('the service over HTTP', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await startTestApp();
  });
  afterAll(async () => {
    await app.close();
  });

  it('answers liveness and readiness without a key', async () => {
    expect(await app.call('GET', '/health/live')).toMatchObject({ status: 200, body: { status: 'ok' } });
    const ready = await app.call('GET', '/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body).toMatchObject({ status: 'ready', checks: { eventStore: 'ok' } });
  });

  it('serves Prometheus metrics, including HTTP durations by route template', async () => {
    await app.call('GET', '/health/live');
    const metrics = await app.call('GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(metrics.text).toContain('numlink_http_request_duration_seconds_bucket{');
    expect(metrics.text).toContain('route="/health/live"');
  });

  it('serves the OpenAPI description at /docs-json and a browsable UI at /docs', async () => {
    const json = await app.call('GET', '/docs-json');
    expect(json.status).toBe(200);
    expect(json.body.openapi).toBe('3.1.0');
    const ui = await app.call('GET', '/docs');
    expect(ui.status).toBe(200);
    expect(ui.headers.get('content-type')).toContain('text/html');
    expect(ui.text).toContain('/docs/swagger-ui-bundle.js');
    expect(ui.headers.get('content-security-policy')).toContain("script-src 'self'");
    const bundle = await app.call('GET', '/docs/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    expect(bundle.headers.get('content-type')).toContain('javascript');
  });

  it('answers an unknown route with the one error shape', async () => {
    const missing = await app.call('GET', '/v1/no-such-thing', { key: 'dev-portal-key' });
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ error: { code: 'not_found', message: expect.any(String) } });
  });

  it('logs route templates, never raw paths or query strings', async () => {
    await app.call('GET', '/health/live?iin=850315401211&phone=%2B77011234567');
    const joined = app.logLines.join('\n');
    expect(joined).toContain('"route":"/health/live"');
    expect(joined).not.toContain('850315401211');
    expect(joined).not.toContain('77011234567');
  });
});
