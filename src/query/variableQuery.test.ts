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
  ])('%p', (text, target) => {
    expect(parseVariableQuery(text, settings)).toEqual({ ok: true, target });
  });

  it.each([
    ['hosts', settings, /"hosts" is not a variable query/],
    ['field:bad name', settings, /is not a variable query/],
    ['sessions', resolveSettings({}), /needs a session id field/],
  ])('rejects %p', (text, s, message) => {
    const parsed = parseVariableQuery(text, s);
    expect(!parsed.ok && parsed.error).toMatch(message);
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
});
