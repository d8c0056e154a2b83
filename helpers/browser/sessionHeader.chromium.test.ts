import { transformFileSync } from '@swc/core';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../../tests/browser/demo';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/**
 * Three origins, as a real app has them: the app's own (serving the page and the helper), its API
 * on another origin that allows the header by CORS, and a third party open to any origin.
 */
async function startServer(handler: (req: Seen, res: ServerResponse) => void) {
  const seen: Seen[] = [];
  const server: Server = createServer((req, res) => {
    const entry = { method: req.method!, url: req.url!, headers: req.headers };
    seen.push(entry);
    handler(entry, res);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, seen, close: () => server.close() };
}

const ROOT = path.resolve(__dirname, '../..');
/** The repository's TypeScript as the browser's ES modules: `/x/y` and `/x/y.js` serve x/y.ts. */
function moduleJs(url: string): string | undefined {
  const file = path.join(ROOT, `${url.replace(/\.js$/, '')}.ts`);
  if (!file.startsWith(`${ROOT}/helpers/`) && !file.startsWith(`${ROOT}/tests/samples/`)) {
    return undefined;
  }
  return transformFileSync(file, {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2020' },
    module: { type: 'es6' },
  }).code.replace(/from '(\.\.?\/[^']+)'/g, "from '$1.js'");
}

describe('the browser helper in headless Chromium', () => {
  let browser: Browser;
  let app: Awaited<ReturnType<typeof startServer>>;
  let api: Awaited<ReturnType<typeof startServer>>;
  let thirdParty: Awaited<ReturnType<typeof startServer>>;
  // The app at 127.0.0.1, its API at localhost: different origins on one machine.
  const appOrigin = () => `http://127.0.0.1:${app.port}`;
  const apiOrigin = () => `http://localhost:${api.port}`;

  beforeAll(async () => {
    app = await startServer((req, res) => {
      const js = req.url!.endsWith('.js') ? moduleJs(req.url!) : undefined;
      if (js) {
        res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(js);
      } else if (req.url === '/') {
        res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><title>app</title>');
      } else {
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
      }
    });
    api = await startServer((req, res) => {
      const cors = {
        'Access-Control-Allow-Origin': appOrigin(),
        'Access-Control-Allow-Headers': 'X-Session-Id, openReplaySession.id, baggage, Content-Type',
        'Access-Control-Allow-Methods': 'GET, POST',
      };
      res.writeHead(req.method === 'OPTIONS' ? 204 : 200, cors).end(req.method === 'OPTIONS' ? undefined : 'ok');
    });
    thirdParty = await startServer((_req, res) => {
      res.writeHead(200, { 'Access-Control-Allow-Origin': '*' }).end('ok');
    });
    browser = await launchBrowser();
  });

  afterAll(async () => {
    await browser?.close();
    [app, api, thirdParty].forEach((s) => s?.close());
  });

  it('sends the id to the app and its allowed API (after the CORS preflight), never to a third party', async () => {
    const page = await browser.newPage();
    await page.goto(`${appOrigin()}/`);
    // The sample app (the README's snippet), with a stand-in for OpenReplay's tracker.
    await page.evaluate((api) => {
      const w = window as unknown as { tracker: unknown; API_ORIGIN: string; session: string | null };
      w.session = null;
      w.tracker = { getSessionID: () => w.session };
      w.API_ORIGIN = api;
    }, apiOrigin());
    await page.addScriptTag({
      type: 'module',
      content: "import '/tests/samples/browserApp.js'; window.appLoaded = true;",
    });
    await page.waitForFunction(() => 'appLoaded' in window);
    const statuses = await page.evaluate(
      async ({ apiOrigin, thirdPartyOrigin }) => {
        const w = window as unknown as { session: string | null };
        const xhr = (url: string) =>
          new Promise<number>((resolve) => {
            const request = new XMLHttpRequest();
            request.open('GET', url);
            request.onloadend = () => resolve(request.status);
            request.send();
          });
        const results = [(await fetch('/api/early')).status];
        w.session = '7368123456789012345';
        results.push((await fetch('/api/orders', { method: 'POST', body: '{}' })).status);
        results.push(await xhr('/api/xhr'));
        results.push((await fetch(`${apiOrigin}/v1/pay`)).status);
        results.push(await xhr(`${apiOrigin}/v1/xhr`));
        results.push((await fetch(`${thirdPartyOrigin}/collect`)).status);
        results.push(await xhr(`${thirdPartyOrigin}/pixel`));
        return results;
      },
      { apiOrigin: apiOrigin(), thirdPartyOrigin: `http://127.0.0.1:${thirdParty.port}` }
    );
    await page.close();
    expect(statuses).toEqual([200, 200, 200, 200, 200, 200, 200]);

    const appRequests = app.seen.filter((r) => r.url.startsWith('/api/'));
    expect(appRequests.map((r) => [r.method, r.url, r.headers['x-session-id']])).toEqual([
      ['GET', '/api/early', undefined],
      ['POST', '/api/orders', '7368123456789012345'],
      ['GET', '/api/xhr', '7368123456789012345'],
    ]);
    // The API on another origin: the browser asked first (preflight), then sent the header.
    expect(
      api.seen.map((r) => [r.method, r.url, r.headers['access-control-request-headers'], r.headers['x-session-id']])
    ).toEqual([
      ['OPTIONS', '/v1/pay', 'x-session-id', undefined],
      ['GET', '/v1/pay', undefined, '7368123456789012345'],
      ['OPTIONS', '/v1/xhr', 'x-session-id', undefined],
      ['GET', '/v1/xhr', undefined, '7368123456789012345'],
    ]);
    // The third party got simple requests: no id, so no preflight either.
    expect(thirdParty.seen.map((r) => [r.method, r.url, r.headers['x-session-id']])).toEqual([
      ['GET', '/collect', undefined],
      ['GET', '/pixel', undefined],
    ]);
  });

  it('sends the tools’ header and baggage, merged with the app’s own, to the allowed API only', async () => {
    [app, api, thirdParty].forEach((s) => (s.seen.length = 0));
    const page = await browser.newPage();
    await page.goto(`${appOrigin()}/`);
    await page.addScriptTag({
      type: 'module',
      content: `
        import { propagateSessionHeader, SESSION_HEADERS } from '/helpers/browser/sessionHeader.js';
        propagateSessionHeader({
          getSessionId: () => '7368123456789012345',
          headers: [SESSION_HEADERS.openReplay],
          baggage: true,
          allowedOrigins: [${JSON.stringify(apiOrigin())}],
        });
        window.helperLoaded = true;`,
    });
    await page.waitForFunction(() => 'helperLoaded' in window);
    const statuses = await page.evaluate(
      async ({ apiOrigin, thirdPartyOrigin }) => {
        const xhr = (url: string, baggage?: string) =>
          new Promise<number>((resolve) => {
            const request = new XMLHttpRequest();
            request.open('GET', url);
            if (baggage) {
              request.setRequestHeader('baggage', baggage);
            }
            request.onloadend = () => resolve(request.status);
            request.send();
          });
        return [
          (await fetch(`${apiOrigin}/v1/pay`, { headers: { baggage: 'userId=alice' } })).status,
          await xhr(`${apiOrigin}/v1/xhr`, 'userId=bob'),
          (await fetch('/api/own', { headers: { baggage: 'session.id=99' } })).status,
          (await fetch(`${thirdPartyOrigin}/collect`)).status,
        ];
      },
      { apiOrigin: apiOrigin(), thirdPartyOrigin: `http://127.0.0.1:${thirdParty.port}` }
    );
    await page.close();
    expect(statuses).toEqual([200, 200, 200, 200]);

    // The preflight asks for both headers (lowercase, sorted: the Fetch standard's CORS-unsafe names).
    expect(
      api.seen.map((r) => [
        r.method,
        r.url,
        r.headers['access-control-request-headers'],
        r.headers['openreplaysession.id'],
        r.headers.baggage,
      ])
    ).toEqual([
      ['OPTIONS', '/v1/pay', 'baggage,openreplaysession.id', undefined, undefined],
      ['GET', '/v1/pay', undefined, '7368123456789012345', 'userId=alice,session.id=7368123456789012345'],
      ['OPTIONS', '/v1/xhr', 'baggage,openreplaysession.id', undefined, undefined],
      ['GET', '/v1/xhr', undefined, '7368123456789012345', 'userId=bob, session.id=7368123456789012345'],
    ]);
    // The app's own session.id member wins on its own origin.
    expect(
      app.seen
        .filter((r) => r.url.startsWith('/api/'))
        .map((r) => [r.url, r.headers.baggage, r.headers['openreplaysession.id']])
    ).toEqual([['/api/own', 'session.id=99', '7368123456789012345']]);
    expect(thirdParty.seen.map((r) => [r.method, r.headers.baggage, r.headers['openreplaysession.id']])).toEqual([
      ['GET', undefined, undefined],
    ]);
  });
});
