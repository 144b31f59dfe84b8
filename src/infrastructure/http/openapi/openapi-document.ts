import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { FastifyInstance } from 'fastify';
import { ACCEPT_LANGUAGE_PARAMETER } from '../language-docs';
import { ANSWER_SCHEMAS } from './answer-schemas';

const DESCRIPTION = `Connects a citizen's mobile (subscriber) number to their e-government portal account, as the
Rules of order No. 58 (25.01.2016) require.

Every error answers one shape, \`{"error": {"code", "message", "details"}}\`: \`code\` is stable and
machine-readable (each route lists its codes by status), \`message\` is for the citizen in the language
negotiated by \`Accept-Language\` (kk, ru, en; the answer's \`Content-Language\` names it) and \`details\`
are language-neutral (numbers, codes, instants). 429 and 503 carry \`Retry-After\`.

Writes take \`Idempotency-Key\`: a retry with the same key and body on the same resource answers the
first answer again and writes nothing.`;

/** The OpenAPI 3.1 description of the HTTP API, generated from the controllers' decorators. */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('numlink API')
    .setDescription(DESCRIPTION)
    .setVersion('1')
    .addServer('http://localhost:3000', 'The embedded default (npm start)')
    .addGlobalParameters(ACCEPT_LANGUAGE_PARAMETER)
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      bearerFormat: 'API key',
      description: 'Authorization: Bearer <API key>; each key is one principal with one role',
    })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  const schemas = { ...document.components?.schemas, ...ANSWER_SCHEMAS } as NonNullable<
    NonNullable<OpenAPIObject['components']>['schemas']
  >;
  // Health and metrics need no key: say so, rather than leave their security undefined.
  for (const item of Object.values(document.paths)) {
    for (const operation of [item.get, item.post, item.put, item.patch, item.delete]) {
      if (operation && operation.security === undefined) operation.security = [];
    }
  }
  return { ...document, components: { ...document.components, schemas } };
}

/** The Swagger UI files `/docs` serves, with their media types (nothing else of the folder is served). */
const UI_ASSETS: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'application/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
};

/** The page: no inline script or style, so it runs under a strict Content-Security-Policy. */
const UI_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>numlink API</title>
<link rel="stylesheet" href="/docs/swagger-ui.css">
<link rel="icon" type="image/png" href="/docs/favicon-32x32.png">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/swagger-ui-bundle.js"></script>
<script src="/docs/swagger-ui-init.js"></script>
</body>
</html>
`;

const UI_INIT = `window.ui = SwaggerUIBundle({ url: '/docs-json', dom_id: '#swagger-ui', deepLinking: true });\n`;

const UI_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/** A browsable UI at `/docs` (Swagger UI), the document itself at `/docs-json`. */
export function serveOpenApiDocument(app: INestApplication, document: OpenAPIObject): void {
  const http = app.getHttpAdapter().getInstance() as FastifyInstance;
  const json = JSON.stringify(document);
  const assets = new Map<string, Buffer>();
  const asset = (name: string): Buffer => {
    let content = assets.get(name);
    if (!content) {
      content = readFileSync(path.join(path.dirname(require.resolve('swagger-ui-dist/package.json')), name));
      assets.set(name, content);
    }
    return content;
  };
  http.get('/docs-json', (_request, reply) => {
    void reply.type('application/json; charset=utf-8').send(json);
  });
  http.get('/docs', (_request, reply) => {
    void reply.type('text/html; charset=utf-8').header('Content-Security-Policy', UI_CSP).send(UI_PAGE);
  });
  http.get('/docs/swagger-ui-init.js', (_request, reply) => {
    void reply.type('application/javascript; charset=utf-8').send(UI_INIT);
  });
  for (const [name, mediaType] of Object.entries(UI_ASSETS)) {
    http.get(`/docs/${name}`, (_request, reply) => {
      void reply.type(mediaType).header('Cache-Control', 'public, max-age=86400').send(asset(name));
    });
  }
}
