import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/** The parts of an OpenAPI 3.1 document the check reads. */
interface OpenApiDocument {
  readonly paths: Record<string, Record<string, Operation | undefined>>;
  readonly components?: { readonly schemas?: Record<string, unknown> };
}
interface Operation {
  readonly responses: Record<string, ResponseObject | undefined>;
}
interface ResponseObject {
  readonly headers?: Record<string, { readonly required?: boolean } | undefined>;
  readonly content?: Record<string, { readonly schema?: unknown } | undefined>;
}

export interface AnswerToCheck {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
}

/** Where the API's contract applies; the UI, its assets and the console are not JSON API routes. */
const CONTRACT_PATHS = /^\/(v1\/|health\/|metrics$)/;
const COMPONENTS_ID = 'numlink-openapi';

/**
 * Checks an answer against the OpenAPI document the service serves at `/docs-json`: the status is one
 * the route documents, the body validates against that status's schema, the required headers are
 * there. Every e2e call goes through it (test-app.ts), so the document and the service cannot drift.
 */
export class ApiContract {
  private readonly validators = new Map<string, ValidateFunction>();
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly routes: readonly { readonly template: string; readonly pattern: RegExp }[];

  constructor(private readonly document: OpenApiDocument) {
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: COMPONENTS_ID, components: document.components ?? {} });
    this.routes = Object.keys(document.paths).map((template) => ({
      template,
      pattern: new RegExp(`^${template.replace(/\{[^}]+\}/g, '[^/]+')}$`),
    }));
  }

  /** The problem with this answer, or undefined when it keeps the contract. */
  problemWith(method: string, url: string, answer: AnswerToCheck): string | undefined {
    const path = url.split('?')[0]!.replace(/\/+$/, '') || '/';
    if (!CONTRACT_PATHS.test(path.slice(0))) return undefined;
    const template = this.routes.find((route) => route.pattern.test(path))?.template;
    const operation = template ? this.document.paths[template]?.[method.toLowerCase()] : undefined;
    if (!template || !operation) {
      // No such route: the framework's 404 in the one error shape.
      return answer.status === 404
        ? this.bodyProblem('ErrorBody', answer)
        : `${method} ${path} is not documented`;
    }
    const where = `${method} ${template} ${answer.status}`;
    const response = operation.responses[String(answer.status)];
    if (!response) return `${where}: the status is not documented`;
    for (const [name, header] of Object.entries(response.headers ?? {})) {
      if (header?.required && !answer.headers.has(name)) return `${where}: header ${name} is missing`;
    }
    const [mediaType, content] = Object.entries(response.content ?? {})[0] ?? [];
    if (!mediaType || !content) return answer.text === '' ? undefined : `${where}: a body is not documented`;
    const received = answer.headers.get('content-type') ?? '';
    if (!received.startsWith(mediaType)) return `${where}: content-type ${received}, documented ${mediaType}`;
    if (!mediaType.includes('json')) return undefined;
    return this.bodyProblem(`${template} ${method} ${answer.status}`, answer, content.schema);
  }

  private bodyProblem(key: string, answer: AnswerToCheck, schema?: unknown): string | undefined {
    let validate = this.validators.get(key);
    if (!validate) {
      const own = schema ?? { $ref: '#/components/schemas/ErrorBody' };
      validate = this.ajv.compile(withComponentRefs(own) as object);
      this.validators.set(key, validate);
    }
    let body: unknown;
    try {
      body = JSON.parse(answer.text);
    } catch {
      return `${key}: the body is not JSON`;
    }
    if (validate(body)) return undefined;
    return `${key}: ${this.ajv.errorsText(validate.errors)} in ${answer.text.slice(0, 400)}`;
  }
}

/** Local `#/components/...` references made to point into the registered components. */
function withComponentRefs(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withComponentRefs);
  if (schema === null || typeof schema !== 'object') return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) =>
      key === '$ref' && typeof value === 'string' && value.startsWith('#/components/')
        ? [key, `${COMPONENTS_ID}${value}`]
        : [key, withComponentRefs(value)],
    ),
  );
}

let loaded: Promise<ApiContract> | undefined;

/** The contract of the running service, fetched once per test file (it is the same for every app). */
export function apiContractOf(baseUrl: string): Promise<ApiContract> {
  loaded ??= fetch(`${baseUrl}/docs-json`)
    .then((response) => response.json() as Promise<OpenApiDocument>)
    .then((document) => new ApiContract(document));
  return loaded;
}
