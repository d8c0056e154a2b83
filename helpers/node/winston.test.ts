import { Writable } from 'node:stream';
import winston from 'winston';
import { runWithSessionId } from './sessionContext';
import { sessionIdFormat } from './winston';

describe('winston', () => {
  it('adds session.id inside a session, keeping other session fields', () => {
    const lines: Array<Record<string, unknown>> = [];
    const stream = new Writable({
      write(chunk, _encoding, done) {
        lines.push(JSON.parse(chunk.toString()));
        done();
      },
    });
    const logger = winston.createLogger({
      format: winston.format.combine(sessionIdFormat(), winston.format.json()),
      transports: [new winston.transports.Stream({ stream })],
    });
    runWithSessionId('7368123456789012345', () => {
      logger.error('payment failed', { service: { name: 'checkout' } });
      logger.warn('retrying', { session: { started: 'yes' } });
    });
    logger.error('no session');
    expect(lines).toEqual([
      {
        level: 'error',
        message: 'payment failed',
        service: { name: 'checkout' },
        session: { id: '7368123456789012345' },
      },
      { level: 'warn', message: 'retrying', session: { started: 'yes', id: '7368123456789012345' } },
      { level: 'error', message: 'no session' },
    ]);
  });
});
