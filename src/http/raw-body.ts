import type { FastifyInstance, FastifyRequest } from 'fastify';
import { badRequest } from '../errors/error.ts';

/**
 * For routes whose body is signed (webhooks, step callbacks): inside `scope` (an encapsulated
 * plugin, so no other route is affected) JSON bodies are parsed as usual, so the server's input
 * checks still see them, and the exact bytes received are kept for the signature check, which
 * must never run over a re-serialisation. Returns the reader of those bytes.
 */
export function keepRawJsonBodies(scope: FastifyInstance): (req: FastifyRequest) => Buffer {
  const bodies = new WeakMap<object, Buffer>();
  scope.removeContentTypeParser('application/json');
  scope.addContentTypeParser('application/json', { parseAs: 'buffer' }, (req, body, done) => {
    const bytes = body as Buffer;
    bodies.set(req, bytes);
    try {
      done(null, bytes.length ? JSON.parse(bytes.toString('utf8')) : undefined);
    } catch {
      done(badRequest('the body is not valid JSON', 'body'), undefined);
    }
  });
  return (req) => bodies.get(req) ?? Buffer.alloc(0);
}
