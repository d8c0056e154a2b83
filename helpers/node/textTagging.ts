/**
 * Unstructured logs: a `[openReplaySession.id=<id>]` prefix, the tag Session Replay Errors (and
 * OpenReplay's own integration) finds in a message, on error lines and uncaught exceptions.
 */
import { format } from 'node:util';
import { currentSessionId } from './sessionContext';

export const SESSION_TAG = 'openReplaySession.id';

/** `[openReplaySession.id=<id>] message` while a session is current; the message unchanged otherwise. */
export function tagMessage(message: string, sessionId: string | undefined = currentSessionId()): string {
  return sessionId === undefined ? message : `[${SESSION_TAG}=${sessionId}] ${message}`;
}

type ConsoleLevel = 'error' | 'warn' | 'info' | 'log' | 'debug';

/**
 * Prefixes `console.error` and `console.warn` (or the levels given) with the tag while a session is
 * current. Returns a function that puts the console back.
 */
export function tagConsole(levels: ConsoleLevel[] = ['error', 'warn'], target: Console = console): () => void {
  const originals = levels.map((level) => [level, target[level]] as const);
  for (const [level, original] of originals) {
    target[level] = (...args: unknown[]) => {
      if (currentSessionId() === undefined) {
        original.apply(target, args);
      } else {
        // Formatted first, so that the tag leads the line whatever the arguments were.
        original.call(target, tagMessage(format(...args)));
      }
    };
  }
  return () => originals.forEach(([level, original]) => (target[level] = original));
}

/**
 * Uncaught exceptions and unhandled rejections: written to stderr with the tag of the session they
 * happened in, then the process exits with code 1, as Node's default does. Returns the listener's
 * removal.
 */
export function tagUncaughtExceptions(
  write: (text: string) => void = (text) => process.stderr.write(text),
  exit: (code: number) => void = (code) => process.exit(code)
): () => void {
  const listener = (error: unknown, origin: string) => {
    const text = error instanceof Error ? (error.stack ?? String(error)) : String(error);
    const kind = origin === 'unhandledRejection' ? 'Unhandled rejection' : 'Uncaught exception';
    write(`${tagMessage(`${kind}: ${text}`)}\n`);
    exit(1);
  };
  process.on('uncaughtException', listener);
  return () => process.off('uncaughtException', listener);
}
