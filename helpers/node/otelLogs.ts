/**
 * OpenTelemetry logs: every log record emitted while a request with a session is handled gets the
 * `session.id` attribute, whichever logger emitted it (the logs API, or pino and winston through
 * their OpenTelemetry instrumentations), so an OTel-instrumented backend needs no logger of ours.
 *
 *   new NodeSDK({
 *     logRecordProcessors: [new SessionIdLogRecordProcessor(), new BatchLogRecordProcessor(exporter)],
 *   })
 *
 * Put it before the exporting processor: the SDK calls processors in order, and a simple
 * (non-batching) processor exports the record at once.
 */
import { SESSION_ID_ATTRIBUTE } from './otel';
import { currentSessionId } from './sessionContext';

/** What the processor uses of the SDK's log record (`ReadWriteLogRecord` in @opentelemetry/sdk-logs). */
export interface WritableLogRecord {
  readonly attributes?: Readonly<Record<string, unknown>>;
  setAttribute(key: string, value: string): unknown;
}

/**
 * A log record processor for `@opentelemetry/sdk-logs` (its `LogRecordProcessor` interface):
 * adds `session.id` while a session is current, leaving a value the application set itself.
 */
export class SessionIdLogRecordProcessor {
  onEmit(logRecord: WritableLogRecord): void {
    const sessionId = currentSessionId();
    if (sessionId !== undefined && logRecord.attributes?.[SESSION_ID_ATTRIBUTE] === undefined) {
      logRecord.setAttribute(SESSION_ID_ATTRIBUTE, sessionId);
    }
  }

  forceFlush(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}
