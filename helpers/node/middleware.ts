/**
 * Middleware that makes the request's session id current (sessionContext.ts) for Express, Fastify
 * and plain `node:http` servers. An invalid or missing id is never an error: the request goes on
 * without a session.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { runWithSessionId, sessionIdFromHeaders, type SessionIdOptions } from './sessionContext';

/** Express (4 and 5) and Connect: `app.use(expressSessionId())`, before the routes. */
export function expressSessionId(options: SessionIdOptions = {}) {
  return (req: IncomingMessage, _res: ServerResponse, next: (err?: unknown) => void): void => {
    runWithSessionId(sessionIdFromHeaders(req.headers, options), () => next());
  };
}

/** A plain `node:http` handler: `http.createServer(withSessionId((req, res) => ...))`. */
export function withSessionId<Req extends IncomingMessage, Res extends ServerResponse>(
  handler: (req: Req, res: Res) => void,
  options: SessionIdOptions = {}
): (req: Req, res: Res) => void {
  return (req, res) => runWithSessionId(sessionIdFromHeaders(req.headers, options), () => handler(req, res));
}

interface FastifyLike {
  addHook(
    name: 'onRequest',
    hook: (request: { headers: IncomingMessage['headers'] }, reply: unknown, done: () => void) => void
  ): unknown;
}

/**
 * Fastify (4 and 5): `app.register(fastifySessionId, options)`. Applies to every route of the
 * instance, not only to the plugin's own scope (as fastify-plugin would make it).
 */
export function fastifySessionId(fastify: FastifyLike, options: SessionIdOptions, done: (err?: Error) => void): void {
  // Each request's handlers, hooks and their awaits run inside the context entered here.
  fastify.addHook('onRequest', (request, _reply, next) => {
    runWithSessionId(sessionIdFromHeaders(request.headers, options), next);
  });
  done();
}
// Fastify's own marker (what fastify-plugin sets): do not encapsulate this plugin's hooks.
(fastifySessionId as unknown as Record<symbol, boolean>)[Symbol.for('skip-override')] = true;
