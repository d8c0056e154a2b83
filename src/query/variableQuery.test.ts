import { resolveSettings } from '../settings';
import {
  interpolateVariableQuery,
  parseVariableQuery,
  variableQueryFromText,
  variableQueryText,
} from './variableQuery';
import { variablesTemplateSrv } from '../../tools/grafana-proxy/templateSrv';

const settings = resolveSettings({ sessionField: 'session.id' });

describe('parseVariableQuery', () => {
  it.each([
    ['sessions', { kind: 'sessions', field: 'session.id', filter: undefined }],
    ['  Sessions | service.name:checkout ', { kind: 'sessions', field: 'session.id', filter: 'service.name:checkout' }],
    ['services', { kind: 'services', field: 'service.name', filter: undefined }],
    ['levels|a|b', { kind: 'levels', field: 'log.level', filter: 'a|b' }],
    ['field:host.name', { kind: 'field', field: 'host.name', filter: undefined }],
    ['session', { kind: 'sessions', field: 'session.id', filter: undefined }],
    ['Service | env:prod', { kind: 'services', field: 'service.name', filter: 'env:prod' }],
    ['level', { kind: 'levels', field: 'log.level', filter: undefined }],
    ['FIELD: url.path |  ', { kind: 'field', field: 'url.path', filter: undefined }],
  ])('%p', (text, target) => {
    expect(parseVariableQuery(text, settings)).toEqual({ ok: true, target });
  });

  it.each([
    ['hosts', settings, /"hosts" is not a variable query/],
    ['field:bad name', settings, /is not a variable query/],
    ['xfield:host.name', settings, /"xfield:host.name" is not a variable query/],
    [undefined as unknown as string, settings, /^"" is not a variable query/],
    ['sessions', resolveSettings({}), /needs a session id field/],
  ])('rejects %p', (text, s, message) => {
    const parsed = parseVariableQuery(text, s);
    expect(!parsed.ok && parsed.error).toMatch(message);
  });

  it('tells the user what a variable query can be', () => {
    expect(parseVariableQuery('hosts', settings)).toEqual({
      ok: false,
      error:
        '"hosts" is not a variable query. Use "sessions", "services", "levels" or "field:<keyword field>", optionally followed by "| <Lucene filter>", e.g. "sessions | service.name:checkout".',
    });
  });
});

describe('interpolateVariableQuery', () => {
  const templateSrv = variablesTemplateSrv({ service: ['checkout', 'auth'], one: 'a b', kind: 'sessions' });
  const replace = (t: string, s?: undefined, f?: string) => templateSrv.replace(t, s, f);

  it.each([
    ['sessions | service.name:$service', 'sessions | service.name:("checkout" OR "auth")'],
    ['sessions | message:$one', 'sessions | message:a\\ b'],
    ['$kind', 'sessions'],
    ['$kind | a:1 || b:2', 'sessions | a:1 || b:2'],
    ['services', 'services'],
    ['| message:$one', '| message:a\\ b'],
  ])('%s -> %s', (query, expected) => {
    expect(interpolateVariableQuery(query, replace)).toBe(expected);
  });
});

describe('variable query forms', () => {
  it.each([
    [{ refId: 'v', kind: 'sessions' }, 'sessions'],
    [{ refId: 'v', kind: 'services', filter: ' env:prod ' }, 'services | env:prod'],
    [{ refId: 'v', kind: 'field', field: 'host.name', filter: 'a | b' }, 'field:host.name | a | b'],
    ['levels | x', 'levels | x'],
    [{ refId: 'v', kind: 'field' }, 'field:'],
    [{ refId: 'v', kind: 'levels', filter: '  ' }, 'levels'],
    [undefined, ''],
  ] as const)('%j as text: %s', (query, text) => {
    expect(variableQueryText(query as never)).toBe(text);
  });

  it.each([
    ['sessions', { refId: 'variable', kind: 'sessions' }],
    ['services | service.name:$s', { refId: 'variable', kind: 'services', filter: 'service.name:$s' }],
    ['levels', { refId: 'variable', kind: 'levels' }],
    ['field:host.name | a | b', { refId: 'variable', kind: 'field', field: 'host.name', filter: 'a | b' }],
  ])('text %s from an older dashboard reads as %j', (text, query) => {
    expect(variableQueryFromText(text)).toEqual(query);
    expect(variableQueryText(variableQueryFromText(text))).toBe(text);
  });

  it.each([
    [' services | x', { refId: 'variable', kind: 'services', filter: 'x' }],
    [' field:host.name ', { refId: 'variable', kind: 'field', field: 'host.name' }],
    ['xfield:host.name', { refId: 'variable', kind: 'sessions' }],
    ['field:host name', { refId: 'variable', kind: 'sessions' }],
    [undefined, { refId: 'variable', kind: 'sessions' }],
    [null, { refId: 'variable', kind: 'sessions' }],
  ])('text %p reads as %j', (text, query) => {
    expect(variableQueryFromText(text as never)).toEqual(query);
  });

  it('a saved query object is shown as it is', () => {
    const query = { refId: 'v', kind: 'field' as const, field: 'host.name', filter: 'a' };
    expect(variableQueryFromText(query)).toBe(query);
  });
});
