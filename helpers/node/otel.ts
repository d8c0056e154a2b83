/**
 * OpenTelemetry, where the app has it: an optional dependency. `@opentelemetry/api` is loaded from
 * the app's own node_modules the first time a session starts, and when it is not installed nothing
 * is tagged and nothing fails. Only the API is used here (its global tracer and context are the
 * app's SDK's), and only through the few members below, so no OpenTelemetry type is needed to build.
 */
import { createRequire } from 'node:module';
import path from 'node:path';

/** OpenTelemetry's semantic-convention attribute for the session (`session.id`, development status). */
export const SESSION_ID_ATTRIBUTE = 'session.id';

/** What the helpers use of an OpenTelemetry span. */
interface OtelSpan {
  isRecording(): boolean;
  setAttribute(key: string, value: string): unknown;
}

/** What the helpers use of `@opentelemetry/api`. */
export interface OtelApi {
  trace: { getActiveSpan(): OtelSpan | undefined };
}

// undefined: not looked for yet; null: not installed (or not loadable).
let loaded: OtelApi | null | undefined;

/** `@opentelemetry/api` if the app has it installed, else undefined. */
export function otelApi(): OtelApi | undefined {
  if (loaded === undefined) {
    try {
      // The module system's own require where there is one (CommonJS, and test runners' registries),
      // else one resolving from the working directory, as the app's own import would.
      const load: NodeJS.Require =
        typeof require === 'function' ? require : createRequire(path.join(process.cwd(), 'index.js'));
      loaded = load('@opentelemetry/api') as OtelApi;
    } catch {
      loaded = null;
    }
  }
  return loaded ?? undefined;
}

/**
 * Sets `session.id` on the active span, when OpenTelemetry is installed and a span is recording:
 * the server span the HTTP instrumentation started for the request, when the middleware runs.
 */
export function tagActiveSpan(sessionId: string): void {
  const span = otelApi()?.trace.getActiveSpan();
  if (span?.isRecording()) {
    span.setAttribute(SESSION_ID_ATTRIBUTE, sessionId);
  }
}
