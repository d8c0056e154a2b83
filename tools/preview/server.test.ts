import { request } from 'node:http';
import { NEWEST_HOST } from './hosts';
import { startPreview, type Preview } from './server';

/** The preview server answers only to its loopback names: a DNS-rebinding page cannot use it. */
let preview: Preview;
beforeAll(async () => {
  preview = await startPreview({ engineUrl: 'http://127.0.0.1:9', host: NEWEST_HOST });
});
afterAll(() => preview.close());

function send(method: string, path: string, host: string, body?: string): Promise<{ status: number; body: string }> {
  const { port } = new URL(preview.url);
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, method, path, headers: { host } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

describe('the preview server', () => {
  it.each(['127.0.0.1', 'localhost'])('answers to %s with its port', async (name) => {
    const { port } = new URL(preview.url);
    expect((await send('GET', '/api/datasources/uid/sre', `${name}:${port}`)).status).toBe(200);
  });

  it.each(['attacker.example', 'attacker.example:80', '127.0.0.1', '127.0.0.1.nip.io'])(
    'refuses Host %s, for the settings and the proxy alike, and changes nothing',
    async (host) => {
      const { port } = new URL(preview.url);
      const put = await send(
        'PUT',
        '/api/datasources/uid/sre',
        host,
        JSON.stringify({ url: 'http://attacker.example' })
      );
      expect(put.status).toBe(403);
      expect((await send('GET', '/api/datasources/uid/sre', host)).status).toBe(403);
      expect((await send('GET', '/api/datasources/proxy/uid/sre/-apikey/info', host)).status).toBe(403);
      const settings = JSON.parse((await send('GET', '/api/datasources/uid/sre', `127.0.0.1:${port}`)).body);
      expect(settings.url).toBe('http://127.0.0.1:9');
    }
  );
});
