import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Language } from '../../domain/shared/language';
import { negotiateLanguage } from './accept-language';

/** SPEC §9: the language negotiated for a request (its answer says it in `Content-Language`). */
export function requestLanguage(request: Pick<FastifyRequest, 'headers'>, fallback: Language): Language {
  return negotiateLanguage(request.headers['accept-language'], fallback);
}

/** Every answer of the API carries `Content-Language`; an error's message is written in it. */
export function installContentLanguage(instance: FastifyInstance, fallback: Language): void {
  instance.addHook('onRequest', (request, reply, done) => {
    void reply.header('Content-Language', requestLanguage(request, fallback));
    void reply.header('Vary', 'Accept-Language');
    done();
  });
}
