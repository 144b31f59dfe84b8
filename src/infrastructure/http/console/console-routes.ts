import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { complaintStreamId } from '../../../domain/complaint/decider';
import { almatyDateOf } from '../../../domain/shared/local-date';
import type { AuditRecordPage } from '../../../projections/audit-trail/audit-queries';
import type { NumberLinkView } from '../../../projections/number-links/number-link-view';
import type { ComplaintView } from '../../../application/complaints/complaint-view';
import type { ComplaintPage } from '../../../projections/complaint-deadlines/complaint-list-query';
import { isLanguage } from '../../../domain/shared/language';
import type { Runtime } from '../../runtime/runtime';
import { negotiateLanguage } from '../accept-language';
import type { Role } from '../auth/principal';
import { ConsoleApi, isRefusal, type ApiAnswer, type ApiRefusal } from './console-api';
import { CONSOLE_CSS, CONSOLE_ICON } from './console-css';
import { almatyTime, instantFromAlmatyInput } from './console-format';
import type { PageFrame } from './console-layout';
import { page } from './console-layout';
import { ConsoleSessions, newFormToken, sameToken, type ConsoleSession } from './console-sessions';
import { CONSOLE_LANGUAGES, consoleWords, type ConsoleLanguage } from './console-words';
import { html, type Html } from './html';
import {
  accessLogPage,
  accountPage,
  auditSearchPage,
  verificationPage,
  type AuditCriteria,
  type VerificationView,
} from './pages/audit-pages';
import { complaintListPage, type ComplaintFilters } from './pages/complaint-list-page';
import { complaintPage } from './pages/complaint-page';
import { fieldOf, type FormFailure } from './pages/form-fields';
import { newComplaintPage } from './pages/new-complaint-page';
import { signInPage } from './pages/sign-in-page';

const SESSION_COOKIE = 'numlink_console';
const SIGN_IN_COOKIE = 'numlink_console_sign_in';
const LANGUAGE_COOKIE = 'numlink_console_language';

/** No inline script or style, no framing, forms post only here (issue 14: a strict CSP). */
const CSP =
  "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

type Form = Readonly<Record<string, string>>;

function cookies(request: FastifyRequest): Map<string, string> {
  const found = new Map<string, string>();
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const at = part.indexOf('=');
    if (at <= 0) continue;
    // Other applications of the host share the header: a cookie of theirs that is not percent-encoding
    // is skipped, not a 500 on every console page.
    try {
      found.set(part.slice(0, at).trim(), decodeURIComponent(part.slice(at + 1).trim()));
    } catch {
      continue;
    }
  }
  return found;
}

/** HttpOnly, SameSite=Strict, scoped to the console; Secure when the request came over TLS. */
function cookie(request: FastifyRequest, name: string, value: string, maxAgeSeconds?: number): string {
  const secure = request.protocol === 'https' || request.headers['x-forwarded-proto'] === 'https';
  return [
    `${name}=${encodeURIComponent(value)}`,
    'Path=/console',
    'HttpOnly',
    'SameSite=Strict',
    ...(secure ? ['Secure'] : []),
    ...(maxAgeSeconds === undefined ? [] : [`Max-Age=${maxAgeSeconds}`]),
  ].join('; ');
}

/** The language: the person's choice, else the browser's Accept-Language as the API negotiates it (SPEC §9). */
function languageOf(request: FastifyRequest, fallback: ConsoleLanguage): ConsoleLanguage {
  const chosen = cookies(request).get(LANGUAGE_COOKIE);
  return isLanguage(chosen) ? chosen : negotiateLanguage(request.headers['accept-language'], fallback);
}

/** The posted form's text fields; the console's parser makes nothing else, and nothing else is read. */
function formOf(request: FastifyRequest): Form {
  const body: unknown = request.body;
  if (body === null || typeof body !== 'object') return {};
  return Object.fromEntries(Object.entries(body).filter(([, value]) => typeof value === 'string')) as Form;
}

const trimmed = (value: string | undefined): string | undefined => {
  const text = value?.trim();
  return text ? text : undefined;
};

function failureOf(form: string, answer: ApiAnswer<ApiRefusal>): FormFailure {
  const error = answer.body?.error ?? { code: 'internal_error', message: String(answer.status) };
  const name = fieldOf(error);
  return { form, code: error.code, message: error.message, ...(name ? { field: name } : {}) };
}

/**
 * The console for complaint reviewers and auditors (SPEC §10): server-rendered pages at `/console`,
 * each a view over the HTTP API called in-process with the person's key, kept in a server-side session.
 */
export function installConsole(http: FastifyInstance, runtime: Runtime): void {
  void http.register(async (scope) => consoleRoutes(scope, runtime, new ConsoleApi(http)));
}

function consoleRoutes(scope: FastifyInstance, runtime: Runtime, api: ConsoleApi): void {
  const sessions = new ConsoleSessions(runtime.clock, runtime.config.consoleIdleMinutes * 60_000);

  const send = (reply: FastifyReply, content: Html, status = 200) =>
    reply
      .status(status)
      .header('content-type', 'text/html; charset=utf-8')
      .header('content-security-policy', CSP)
      .header('x-content-type-options', 'nosniff')
      .header('x-frame-options', 'DENY')
      .header('referrer-policy', 'no-referrer')
      .header('cache-control', 'no-store')
      .send(content.text);
  const seeOther = (reply: FastifyReply, location: string) =>
    reply.status(303).header('location', location).header('cache-control', 'no-store').send();

  const frameOf = (request: FastifyRequest, session: ConsoleSession, here: string): PageFrame => ({
    language: languageOf(request, runtime.config.defaultLanguage),
    session,
    here,
    csrfToken: session.csrfToken,
  });

  /** Today in Almaty and the last day "due within 2 working days" covers (issue 14). */
  const dueWindow = () => {
    const today = almatyDateOf(runtime.clock.now());
    return { today, soonUntil: runtime.calendar.workingDaysAfter(today, 2) };
  };

  /** A page for a signed-in person of `role`; POSTs carry the session's CSRF token. */
  const route = (
    scope: FastifyInstance,
    method: 'GET' | 'POST',
    path: string,
    role: Role,
    handler: (context: {
      request: FastifyRequest;
      reply: FastifyReply;
      session: ConsoleSession;
      frame: (here: string) => PageFrame;
      language: ConsoleLanguage;
      form: Form;
    }) => Promise<unknown>,
  ) => {
    const handle = async (request: FastifyRequest, reply: FastifyReply) => {
      const session = sessions.find(cookies(request).get(SESSION_COOKIE));
      if (!session) return seeOther(reply, '/console/sign-in?ended=1');
      const language = languageOf(request, runtime.config.defaultLanguage);
      const frame = (here: string) => frameOf(request, session, here);
      if (session.principal.role !== role) {
        const words = consoleWords(language);
        return send(
          reply,
          page(frame(path), words.notFound, html`<p><a href="/console">${words.back}</a></p>`),
          404,
        );
      }
      const form = formOf(request);
      if (method === 'POST' && !sameToken(form.csrf, session.csrfToken)) {
        const words = consoleWords(language);
        return send(
          reply,
          page(frame(path), words.formExpired, html`<p><a href="/console">${words.back}</a></p>`),
          403,
        );
      }
      return handler({ request, reply, session, frame, language, form });
    };
    if (method === 'GET') scope.get(path, handle);
    else scope.post(path, handle);
  };

  // Forms post as application/x-www-form-urlencoded: in this scope, the first value of each field only.
  // Nothing else is parsed here: a JSON body could carry {"csrf": {"length": 1e8}} (415 instead).
  scope.removeContentTypeParser('application/json');
  scope.removeContentTypeParser('application/x-www-form-urlencoded');
  scope.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string', bodyLimit: 64 * 1024 },
    (_request, body, done) => {
      const form: Record<string, string> = {};
      for (const [name, value] of new URLSearchParams(body as string))
        if (!(name in form)) form[name] = value;
      done(null, form);
    },
  );

  scope.get('/console/assets/console.css', (_request, reply) =>
    reply
      .header('content-type', 'text/css; charset=utf-8')
      .header('cache-control', 'public, max-age=3600')
      .send(CONSOLE_CSS),
  );

  scope.get('/console/assets/icon.svg', (_request, reply) =>
    reply
      .header('content-type', 'image/svg+xml')
      .header('cache-control', 'public, max-age=86400')
      .send(CONSOLE_ICON),
  );

  scope.get('/console', (request, reply) => {
    const session = sessions.find(cookies(request).get(SESSION_COOKIE));
    if (!session) return seeOther(reply, '/console/sign-in');
    return seeOther(reply, session.principal.role === 'auditor' ? '/console/audit' : '/console/complaints');
  });

  // Sign-in: the form carries a token that must equal the one in its own cookie (no login CSRF).
  const signIn = (request: FastifyRequest, reply: FastifyReply, problem?: string, status = 200) => {
    const token = cookies(request).get(SIGN_IN_COOKIE) ?? newFormToken();
    void reply.header('set-cookie', cookie(request, SIGN_IN_COOKIE, token, 3600));
    return send(
      reply,
      signInPage(
        {
          language: languageOf(request, runtime.config.defaultLanguage),
          here: '/console/sign-in',
          csrfToken: token,
        },
        problem,
      ),
      status,
    );
  };
  scope.get('/console/sign-in', (request, reply) => {
    const ended = (request.query as Record<string, string | undefined>).ended === '1';
    return signIn(
      request,
      reply,
      ended ? consoleWords(languageOf(request, runtime.config.defaultLanguage)).sessionEnded : undefined,
    );
  });
  scope.post('/console/sign-in', (request, reply) => {
    const form = formOf(request);
    const words = consoleWords(languageOf(request, runtime.config.defaultLanguage));
    if (!sameToken(form.csrf, cookies(request).get(SIGN_IN_COOKIE)))
      return signIn(request, reply, words.formExpired);
    const key = form.key?.trim() ?? '';
    const principal = key ? runtime.apiKeys.authenticate(key) : undefined;
    if (!principal) return signIn(request, reply, words.keyUnknown);
    // Issue 14: reviewers and auditors are people; a channel's key cannot sign in.
    if (principal.role !== 'reviewer' && principal.role !== 'auditor')
      return signIn(request, reply, words.keyNotAPerson);
    const session = sessions.open(key, principal);
    void reply.header('set-cookie', [
      cookie(request, SESSION_COOKIE, session.id),
      cookie(request, SIGN_IN_COOKIE, '', 0),
    ]);
    return seeOther(reply, '/console');
  });

  scope.post('/console/sign-out', (request, reply) => {
    const id = cookies(request).get(SESSION_COOKIE);
    const session = sessions.find(id);
    if (session && sameToken(formOf(request).csrf, session.csrfToken)) sessions.end(session.id);
    void reply.header('set-cookie', cookie(request, SESSION_COOKIE, '', 0));
    return seeOther(reply, '/console/sign-in');
  });

  scope.post('/console/language', (request, reply) => {
    const form = formOf(request);
    const jar = cookies(request);
    const session = sessions.find(jar.get(SESSION_COOKIE));
    const expected = session?.csrfToken ?? jar.get(SIGN_IN_COOKIE);
    const back = /^\/console(\/[\w\-/]*)?$/.test(form.return ?? '') ? form.return! : '/console';
    if (
      sameToken(form.csrf, expected) &&
      (CONSOLE_LANGUAGES as readonly string[]).includes(form.language ?? '')
    ) {
      void reply.header('set-cookie', cookie(request, LANGUAGE_COOKIE, form.language!, 365 * 86_400));
    }
    return seeOther(reply, back);
  });

  // Reviewers (Rules §10; SPEC R18-R22).
  route(
    scope,
    'GET',
    '/console/complaints',
    'reviewer',
    async ({ request, reply, session, frame, language }) => {
      const query = request.query as Record<string, string | undefined>;
      const filters: ComplaintFilters = Object.fromEntries(
        (['status', 'deadline', 'dueBefore', 'body', 'cursor'] as const)
          .map((name) => [name, trimmed(typeof query[name] === 'string' ? query[name] : undefined)])
          .filter(([, value]) => value !== undefined),
      );
      const answer = await api.call<ComplaintPage>(session, language, {
        method: 'GET',
        path: '/v1/complaints',
        query: { ...filters, limit: '25' },
      });
      const refusal = isRefusal(answer) ? answer.body.error : undefined;
      const list = isRefusal(answer) ? { complaints: [], nextCursor: null } : answer.body;
      return send(
        reply,
        complaintListPage(frame('/console/complaints'), {
          filters,
          complaints: list.complaints,
          nextCursor: list.nextCursor,
          ...dueWindow(),
          ...(refusal ? { refusal } : {}),
        }),
      );
    },
  );

  route(scope, 'GET', '/console/complaints/new', 'reviewer', async ({ reply, frame }) =>
    send(reply, newComplaintPage(frame('/console/complaints/new'), { idempotencyKey: newFormToken() })),
  );

  route(
    scope,
    'POST',
    '/console/complaints',
    'reviewer',
    async ({ reply, session, frame, language, form }) => {
      const registeredAt = instantFromAlmatyInput(form.registeredAt);
      const requestId = trimmed(form.requestId);
      const answer = await api.call<ComplaintView>(session, language, {
        method: 'POST',
        path: '/v1/complaints',
        idempotencyKey: form.idempotencyKey,
        body: {
          iin: form.iin ?? '',
          filedWith: form.filedWith ?? '',
          subject: form.subject ?? '',
          text: form.text ?? '',
          ...(registeredAt ? { registeredAt } : {}),
          ...(requestId ? { requestId } : {}),
        },
      });
      if (!isRefusal(answer)) return seeOther(reply, `/console/complaints/${answer.body.complaintId}`);
      return send(
        reply,
        newComplaintPage(frame('/console/complaints/new'), {
          idempotencyKey: newFormToken(),
          failure: failureOf('complaint', answer),
          values: form,
        }),
      );
    },
  );

  /** A complaint's page: the API's view (its read is recorded there), and its stream as the timeline. */
  const showComplaint = async (
    context: {
      reply: FastifyReply;
      session: ConsoleSession;
      frame: (here: string) => PageFrame;
      language: ConsoleLanguage;
    },
    id: string,
    failed?: { failure: FormFailure; values: Form },
  ) => {
    const here = `/console/complaints/${id}`;
    const answer = await api.call<ComplaintView>(context.session, context.language, {
      method: 'GET',
      path: `/v1/complaints/${encodeURIComponent(id)}`,
    });
    if (isRefusal(answer)) {
      const words = consoleWords(context.language);
      return send(
        context.reply,
        page(
          context.frame(here),
          words.notFound,
          html`<p>${answer.body.error.message}</p>
            <p><a href="/console/complaints">${words.back}</a></p>`,
        ),
        answer.status,
      );
    }
    const events = await runtime.store.readStream(complaintStreamId(answer.body.complaintId));
    const timeline = events.map((event) => ({
      type: event.type,
      occurredAt: event.metadata.occurredAt,
      principal: event.metadata.actor.principal,
      role: event.metadata.actor.role,
      data: event.data,
    }));
    return send(
      context.reply,
      complaintPage(context.frame(here), {
        complaint: answer.body,
        timeline,
        ...dueWindow(),
        formKeys: {
          forwarding: newFormToken(),
          decision: newFormToken(),
          registration: newFormToken(),
          courtAppeal: newFormToken(),
        },
        ...(failed ? { failure: failed.failure, values: failed.values } : {}),
      }),
    );
  };

  route(scope, 'GET', '/console/complaints/:id', 'reviewer', async (context) =>
    showComplaint(context, (context.request.params as { id: string }).id),
  );

  const stages: readonly {
    readonly action: string;
    readonly form: 'forwarding' | 'decision' | 'registration' | 'courtAppeal';
    readonly body: (form: Form) => Record<string, string | undefined>;
  }[] = [
    {
      action: 'forwarding',
      form: 'forwarding',
      body: (f) => ({ to: f.to, forwardedAt: instantFromAlmatyInput(f.forwardedAt) }),
    },
    {
      action: 'decision',
      form: 'decision',
      body: (f) => ({
        by: f.by,
        outcome: f.outcome,
        reason: f.reason,
        decidedAt: instantFromAlmatyInput(f.decidedAt),
      }),
    },
    {
      action: 'registration',
      form: 'registration',
      body: (f) => ({ body: f.body, registeredAt: instantFromAlmatyInput(f.registeredAt) }),
    },
    {
      action: 'court-appeal',
      form: 'courtAppeal',
      body: (f) => ({ appealedAt: instantFromAlmatyInput(f.appealedAt) }),
    },
  ];
  for (const stage of stages) {
    route(scope, 'POST', `/console/complaints/:id/${stage.action}`, 'reviewer', async (context) => {
      const id = (context.request.params as { id: string }).id;
      const body = Object.fromEntries(
        Object.entries(stage.body(context.form)).filter(([, v]) => v !== undefined && v !== ''),
      );
      const answer = await api.call(context.session, context.language, {
        method: 'POST',
        path: `/v1/complaints/${encodeURIComponent(id)}/${stage.action}`,
        idempotencyKey: context.form.idempotencyKey,
        body,
      });
      if (!isRefusal(answer)) return seeOther(context.reply, `/console/complaints/${encodeURIComponent(id)}`);
      return showComplaint(context, id, {
        failure: failureOf(stage.form, answer),
        values: context.form,
      });
    });
  }

  // Auditors (SPEC §5): personal data travels in POST bodies, so no IIN or number sits in a URL.
  const criteriaOf = (form: Form): AuditCriteria =>
    Object.fromEntries(
      (['iin', 'phone', 'complaintId', 'from', 'to'] as const)
        .map((name) => [name, trimmed(form[name])])
        .filter(([, value]) => value !== undefined),
    );
  const auditQuery = (criteria: AuditCriteria) => ({
    iin: criteria.iin,
    phone: criteria.phone,
    complaintId: criteria.complaintId,
    from: instantFromAlmatyInput(criteria.from),
    to: instantFromAlmatyInput(criteria.to),
  });

  route(scope, 'GET', '/console/audit', 'auditor', async ({ reply, frame }) =>
    send(reply, auditSearchPage(frame('/console/audit'), { criteria: {} })),
  );

  route(
    scope,
    'POST',
    '/console/audit/search',
    'auditor',
    async ({ reply, session, frame, language, form }) => {
      const criteria = criteriaOf(form);
      const answer = await api.call<AuditRecordPage>(session, language, {
        method: 'GET',
        path: '/v1/audit/events',
        query: { ...auditQuery(criteria), cursor: trimmed(form.cursor), limit: '50' },
      });
      if (isRefusal(answer)) {
        return send(
          reply,
          auditSearchPage(frame('/console/audit'), { criteria, refusal: answer.body.error }),
        );
      }
      return send(
        reply,
        auditSearchPage(frame('/console/audit'), {
          criteria,
          records: answer.body.records,
          nextCursor: answer.body.nextCursor,
        }),
      );
    },
  );

  route(
    scope,
    'POST',
    '/console/audit/export',
    'auditor',
    async ({ reply, session, frame, language, form }) => {
      const criteria = criteriaOf(form);
      const lines: string[] = [];
      let cursor: string | undefined;
      // Every page is read through the API, so each is recorded as a read like any export.
      for (let pages = 0; pages < 1000; pages++) {
        const answer = await api.call<AuditRecordPage>(session, language, {
          method: 'GET',
          path: '/v1/audit/events',
          query: { ...auditQuery(criteria), cursor, limit: '1000' },
        });
        if (isRefusal(answer)) {
          return send(
            reply,
            auditSearchPage(frame('/console/audit'), { criteria, refusal: answer.body.error }),
          );
        }
        for (const record of answer.body.records) lines.push(JSON.stringify(record));
        if (!answer.body.nextCursor) break;
        cursor = answer.body.nextCursor;
      }
      return reply
        .header('content-type', 'application/x-ndjson; charset=utf-8')
        .header('content-disposition', 'attachment; filename="numlink-audit.jsonl"')
        .header('cache-control', 'no-store')
        .send(lines.length ? `${lines.join('\n')}\n` : '');
    },
  );

  route(scope, 'GET', '/console/audit/account', 'auditor', async ({ reply, frame }) =>
    send(reply, accountPage(frame('/console/audit/account'), {})),
  );

  route(
    scope,
    'POST',
    '/console/audit/account',
    'auditor',
    async ({ reply, session, frame, language, form }) => {
      const iin = trimmed(form.iin) ?? '';
      const asOfInput = trimmed(form.asOf);
      const asOf = instantFromAlmatyInput(asOfInput) ?? runtime.clock.now();
      const here = '/console/audit/account';
      const link = await api.call<NumberLinkView>(session, language, {
        method: 'GET',
        path: `/v1/number-links/${encodeURIComponent(iin)}`,
        query: { asOf },
      });
      if (isRefusal(link) && link.status !== 404) {
        return send(
          reply,
          accountPage(frame(here), {
            iin,
            ...(asOfInput ? { asOf: asOfInput } : {}),
            refusal: link.body.error,
          }),
        );
      }
      const records = await api.call<AuditRecordPage>(session, language, {
        method: 'GET',
        path: '/v1/audit/events',
        query: { iin, to: asOf, limit: '200' },
      });
      return send(
        reply,
        accountPage(frame(here), {
          iin,
          asOf: asOfInput ?? almatyTime(asOf).replace(' ', 'T'),
          link: isRefusal(link) ? null : link.body,
          ...(isRefusal(records) ? {} : { records: records.body.records }),
        }),
      );
    },
  );

  route(scope, 'GET', '/console/audit/verification', 'auditor', async ({ reply, frame }) =>
    send(reply, verificationPage(frame('/console/audit/verification'))),
  );

  route(
    scope,
    'POST',
    '/console/audit/verification',
    'auditor',
    async ({ reply, session, frame, language }) => {
      const answer = await api.call<VerificationView>(session, language, {
        method: 'GET',
        path: '/v1/audit/verification',
      });
      const here = '/console/audit/verification';
      if (isRefusal(answer)) return send(reply, verificationPage(frame(here), undefined, answer.body.error));
      return send(reply, verificationPage(frame(here), answer.body));
    },
  );

  route(
    scope,
    'GET',
    '/console/audit/access-log',
    'auditor',
    async ({ request, reply, session, frame, language }) => {
      const cursor = trimmed((request.query as Record<string, string | undefined>).cursor);
      const answer = await api.call<AuditRecordPage>(session, language, {
        method: 'GET',
        path: '/v1/audit/events',
        query: { type: 'PersonalDataRead', cursor, limit: '50' },
      });
      const here = '/console/audit/access-log';
      if (isRefusal(answer)) {
        return send(
          reply,
          accessLogPage(frame(here), { records: [], nextCursor: null, refusal: answer.body.error }),
        );
      }
      return send(
        reply,
        accessLogPage(frame(here), {
          records: answer.body.records,
          nextCursor: answer.body.nextCursor,
          ...(cursor ? { cursor } : {}),
        }),
      );
    },
  );
}
