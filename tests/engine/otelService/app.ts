/**
 * The application of the OpenTelemetry sample service (service.ts starts the SDK, then loads this):
 * a plain node:http server behind the helpers' session middleware, logging through the OTel logs API.
 */
import { logs, SeverityNumber } from '@opentelemetry/api-logs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { withSessionId } from '../../../helpers/node/middleware';

const logger = logs.getLogger('orders');

const server = createServer(
  withSessionId((req, res) => {
    if (req.method === 'POST' && req.url === '/orders') {
      const error = new Error('payment provider timed out');
      // The exception as OpenTelemetry's semantic conventions name it on a log record.
      logger.emit({
        severityNumber: SeverityNumber.ERROR,
        severityText: 'ERROR',
        body: 'order failed',
        attributes: {
          'exception.type': error.name,
          'exception.message': error.message,
          'exception.stacktrace': error.stack,
        },
      });
      res.writeHead(502).end();
    } else {
      res.writeHead(404).end();
    }
  })
);

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address() as AddressInfo;
  logger.emit({ severityNumber: SeverityNumber.INFO, severityText: 'INFO', body: 'listening', attributes: { port } });
  // The test reads the port from this line.
  process.stdout.write(`${JSON.stringify({ port })}\n`);
});
