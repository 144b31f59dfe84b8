import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IdentityRegistryUnavailableError } from '../../application/ports/identity-registry';
import type { Language } from '../../domain/shared/language';
import type { Logger } from '../observability/logger';
import { isUnavailable } from '../sql/sql-database';
import { ApiError } from './api-error';
import { requestLanguage } from './content-language';
import { localizedErrorBody } from './localized-error';

/** Fastify's own errors that are the caller's fault, by code. */
const FASTIFY_CLIENT_ERRORS: Record<string, ApiError> = {
  FST_ERR_CTP_INVALID_JSON_BODY: new ApiError(400, 'validation_failed', 'The body is not valid JSON.'),
  FST_ERR_CTP_EMPTY_JSON_BODY: new ApiError(
    400,
    'validation_failed',
    'The body is empty; send a JSON object.',
  ),
  FST_ERR_CTP_BODY_TOO_LARGE: new ApiError(413, 'payload_too_large', 'The body is too large.'),
  FST_ERR_CTP_INVALID_MEDIA_TYPE: new ApiError(415, 'unsupported_media_type', 'Send application/json.'),
};

/** Turns anything thrown into the one error shape; unexpected faults are logged and answered 500. */
@Catch()
export class ErrorFilter implements ExceptionFilter {
  constructor(
    private readonly logger: Logger,
    /** SPEC §9: the language without a usable `Accept-Language`. */
    private readonly defaultLanguage: Language = 'ru',
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    const error = this.toApiError(exception);
    if (error.retryAfterSeconds !== undefined)
      void reply.header('Retry-After', String(error.retryAfterSeconds));
    const language = requestLanguage(host.switchToHttp().getRequest<FastifyRequest>(), this.defaultLanguage);
    void reply.header('Content-Language', language);
    void reply.status(error.status).send(localizedErrorBody(error, language));
  }

  private toApiError(exception: unknown): ApiError {
    if (exception instanceof ApiError) return exception;
    if (exception instanceof IdentityRegistryUnavailableError) {
      return new ApiError(
        503,
        'identity_registry_unavailable',
        'The identity registry cannot be reached; try again.',
        undefined,
        5,
      );
    }
    if (isUnavailable(exception)) {
      this.logger.warn({ err: exception }, 'event store unavailable');
      return new ApiError(
        503,
        'store_unavailable',
        'The event store cannot be reached; try again.',
        undefined,
        5,
      );
    }
    const fastifyCode = (exception as { code?: unknown } | null)?.code;
    if (typeof fastifyCode === 'string' && FASTIFY_CLIENT_ERRORS[fastifyCode])
      return FASTIFY_CLIENT_ERRORS[fastifyCode];
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      if (status === 404) return new ApiError(404, 'not_found', 'No such route.');
      if (status === 413) return new ApiError(413, 'payload_too_large', 'The body is too large.');
      if (status < 500) return new ApiError(status, 'validation_failed', exception.message);
    }
    this.logger.error({ err: exception }, 'unhandled error');
    return new ApiError(500, 'internal_error', 'Something went wrong on our side; nothing was changed.');
  }
}
