import indexNotFound from '../../tests/fixtures/opensearch/error-404-index-not-found.json';
import recorded from '../../tests/fixtures/opensearch/search-three-hits.json';
import infoOpenSearch from '../../tests/fixtures/opensearch/info-2.19.6.json';
import { BACKEND_MAX_LINES, runHostHealth, runHostQuery, type HostServices } from './hostEntry';

const answering = (status: number, body: unknown, seen: string[] = []): HostServices => ({
  request: async (method, path) => {
    seen.push(`${method} ${path}`);
    return { status, body: typeof body === 'string' ? body : JSON.stringify(body) };
  },
});
const input = {
  query: { refId: 'A', queryType: 'logs' as const, mode: 'range' as const },
  jsonData: { indexPattern: 'logs-rec' },
  range: { fromMs: 0, toMs: 1 },
  nowMs: 1,
};

describe('the core as the Go backend hosts it', () => {
  it('searches the saved pattern and shapes the frames as the browser does', async () => {
    const seen: string[] = [];
    const output = await runHostQuery(input, answering(200, recorded, seen));
    expect(seen).toEqual(['POST /logs-rec/_search']);
    expect(output.ok && output.frames[0].length).toBe(3);
  });

  it.each([
    ['the engine’s refusal', 404, indexNotFound, /^No index matches "logs-rec"/],
    ['a page that is not JSON', 502, '<html>Bad Gateway</html>', /HTTP 502/],
  ])('turns %s into the message the panel shows', async (_label, status, body, message) => {
    const output = await runHostQuery(input, answering(status, body));
    expect(output.ok).toBe(false);
    expect(!output.ok && output.error).toMatch(message);
  });

  it.each([
    [5000, undefined, BACKEND_MAX_LINES],
    [5000, 3000, BACKEND_MAX_LINES],
    [200, undefined, 200],
    [5000, 50, 50],
  ])('bounds the lines of a query (line limit %p, query limit %p) at %p', async (maxLines, limit, expected) => {
    const sizes: number[] = [];
    const host: HostServices = {
      request: async (_method, _path, body) => {
        sizes.push(JSON.parse(body ?? '{}').size);
        return { status: 200, body: JSON.stringify(recorded) };
      },
    };
    await runHostQuery(
      { ...input, query: { ...input.query, limit }, jsonData: { indexPattern: 'logs-rec', maxLines } },
      host
    );
    // One line more than the limit is asked for, to tell whether more remain.
    expect(sizes).toEqual([expected + 1]);
  });

  it('leaves out fields of frames (the groups’ trend), which the SDK’s frames cannot carry', async () => {
    const output = await runHostQuery(
      {
        ...input,
        query: { refId: 'G', queryType: 'errorGroups' },
        jsonData: { indexPattern: 'logs-rec', sessionField: 'session.id' },
      },
      answering(200, { aggregations: { groups: { buckets: [] } } })
    );
    const names = output.ok ? output.frames[0].fields.map((f) => f.name) : [];
    expect(names).toContain('fingerprint');
    expect(names).not.toContain('trend');
  });

  it('sends nothing when the saved settings cannot route the search', async () => {
    const seen: string[] = [];
    const output = await runHostQuery({ ...input, jsonData: {} }, answering(200, recorded, seen));
    expect(seen).toEqual([]);
    expect(!output.ok && output.error).toMatch(/index pattern must be saved/);
  });

  it('runs Save & test with the browser’s steps and messages', async () => {
    const seen: string[] = [];
    const host: HostServices = {
      request: async (method, path) => {
        seen.push(`${method} ${path.split('?')[0]}`);
        return { status: 200, body: JSON.stringify(path === '/' ? infoOpenSearch : { indices: [] }) };
      },
    };
    const result = await runHostHealth({ jsonData: { indexPattern: 'logs-rec' }, nowMs: 1 }, host);
    expect(seen).toEqual(['GET /', 'GET /logs-rec/_field_caps']);
    expect(result).toEqual({
      status: 'error',
      message: 'Connected to OpenSearch 2.19.6, but no index matches "logs-rec": check the index pattern.',
    });
  });
});
