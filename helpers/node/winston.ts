/**
 * winston: every entry logged while a request with a session is handled gets `session.id`.
 *
 *   winston.createLogger({ format: winston.format.combine(sessionIdFormat(), winston.format.json()) })
 */
import { format } from 'winston';
import { currentSessionId } from './sessionContext';

/** A winston format that adds `session: { id }` while a session is current. */
export const sessionIdFormat = format((info) => {
  const id = currentSessionId();
  if (id !== undefined) {
    const session = info.session;
    info.session = { ...(session && typeof session === 'object' ? session : {}), id };
  }
  return info;
});
