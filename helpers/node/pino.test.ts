import pino from 'pino';
import { Writable } from 'node:stream';
import { pinoSessionMixin, pinoSessionOptions } from './pino';
import { runWithSessionId } from './sessionContext';

function memoryStream() {
  const lines: Array<Record<string, unknown>> = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      lines.push(JSON.parse(chunk.toString()));
      done();
    },
  });
  return { lines, stream };
}

describe('pino', () => {
  it('adds session.id inside a session, with the field names the plugin reads', () => {
    const { lines, stream } = memoryStream();
    const logger = pino(pinoSessionOptions({ base: { service: { name: 'checkout' } } }), stream);
    runWithSessionId('7368123456789012345', () => logger.error({ err: new Error('card declined') }, 'payment failed'));
    logger.warn('no session here');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatchObject({
      message: 'payment failed',
      log: { level: 'error' },
      session: { id: '7368123456789012345' },
      service: { name: 'checkout' },
      err: { type: 'Error', message: 'card declined' },
    });
    expect(Date.parse(lines[0]['@timestamp'] as string)).toBeGreaterThan(Date.now() - 60_000);
    expect(lines[1].session).toBeUndefined();
    expect(lines[1]).toMatchObject({ message: 'no session here', log: { level: 'warn' } });
  });

  it('keeps a mixin of the application’s own', () => {
    const { lines, stream } = memoryStream();
    const logger = pino(pinoSessionOptions({ mixin: () => ({ tenant: 'acme' }) }), stream);
    runWithSessionId('5', () => logger.error('x'));
    expect(lines[0]).toMatchObject({ tenant: 'acme', session: { id: '5' } });
  });

  it('works as a bare mixin with pino’s own field names', () => {
    const { lines, stream } = memoryStream();
    const logger = pino({ mixin: pinoSessionMixin }, stream);
    runWithSessionId('6', () => logger.error('y'));
    expect(lines[0]).toMatchObject({ level: 50, msg: 'y', session: { id: '6' } });
  });
});
