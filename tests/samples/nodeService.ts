/**
 * The sample Node service of the end-to-end test (tests/engine/tagging.test.ts) and the README's
 * "Tagging your backend" snippets (between the `snippet` markers, copied into the README verbatim).
 * JSON lines on stdout (pino), tagged text lines on stderr (console and uncaught exceptions).
 */
import { createServer } from 'node:http';
// snippet:node start
import express from 'express';
import pino from 'pino';
import { expressSessionId } from '../../helpers/node/middleware';
import { pinoSessionOptions } from '../../helpers/node/pino';
import { tagConsole, tagUncaughtExceptions } from '../../helpers/node/textTagging';

const logger = pino(pinoSessionOptions({ base: { service: { name: 'checkout' } } }));
tagConsole(); // console.error / console.warn lines get [openReplaySession.id=<id>]
tagUncaughtExceptions(); // and so do crashes, with the session they happened in

const app = express();
app.use(expressSessionId()); // reads X-Session-Id (or openReplaySession.id), validated

app.post('/checkout', async (_req, res) => {
  await new Promise((resolve) => setTimeout(resolve, 5)); // the id survives awaits
  logger.error({ err: new Error('card declined by issuer') }, 'checkout failed'); // JSON with session.id
  res.status(502).json({ error: 'payment failed' });
});
// snippet:node end

app.post('/legacy', (req, res) => {
  console.error(`inventory lookup failed for sku ${String(req.query.sku)}`);
  res.status(500).end();
});

app.post('/crash', () => {
  setTimeout(() => {
    throw new TypeError("Cannot read properties of undefined (reading 'total')");
  }, 1);
});

const server = createServer(app);
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  // The test reads the port from this line; it is logged like any other line (and shipped).
  logger.info({ port: typeof address === 'object' && address ? address.port : 0 }, 'listening');
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
