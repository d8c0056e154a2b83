import { resolveSettings } from '../settings';
import type { SessionErrorsQuery } from '../types';
import {
  adHocLuceneClause,
  addQueryFilter,
  withAdHocFilters,
  filterClause,
  luceneField,
  lucenePhrase,
  queryHasFilter,
  toggleQueryFilter,
} from './queryFilters';

const settings = resolveSettings({ sessionField: 'session.id' });
const q = (patch: Partial<SessionErrorsQuery> = {}): SessionErrorsQuery => ({ refId: 'A', mode: 'range', ...patch });

describe('escaping', () => {
  it.each([
    ['service.name', 'service.name'],
    ['http.request.method', 'http.request.method'],
    ['a:b', 'a\\:b'],
    ['x OR *', 'x\\ OR\\ \\*'],
    ['(a)', '\\(a\\)'],
  ])('field %s -> %s', (name, escaped) => {
    expect(luceneField(name)).toBe(escaped);
  });

  it.each([
    ['checkout', '"checkout"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['back\\slash', '"back\\\\slash"'],
    ['" OR *:* OR "', '"\\" OR *:* OR \\""'],
  ])('value %s -> %s', (value, phrase) => {
    expect(lucenePhrase(value)).toBe(phrase);
  });
});

describe('toggleQueryFilter', () => {
  it.each(['FILTER_FOR', 'FILTER_OUT'] as const)(
    '%s on the session clock label changes nothing: no field holds a place in the replay',
    (type) => {
      const query = q({ filter: 'timeout' });
      expect(toggleQueryFilter(query, type, { key: 'session_time', value: '12:04' }, settings)).toBe(query);
      expect(queryHasFilter(query, { key: 'session_time', value: '12:04' }, settings)).toBe(false);
    }
  );

  it.each([
    ['adds a filter for a label, on its field', q(), 'FILTER_FOR', 'service', 'checkout', 'service.name:"checkout"'],
    ['adds a filter out', q(), 'FILTER_OUT', 'host', 'web-1', '-host.name:"web-1"'],
    ['a detail field is its own field', q(), 'FILTER_FOR', 'error.type', 'KeyError', 'error.type:"KeyError"'],
    [
      'ANDs it to the user’s filter',
      q({ filter: 'timeout AND NOT retry' }),
      'FILTER_FOR',
      'service',
      'auth',
      'timeout AND NOT retry AND service.name:"auth"',
    ],
    [
      'keeps a user’s OR whole',
      q({ filter: 'timeout OR refused' }),
      'FILTER_OUT',
      'service',
      'auth',
      '(timeout OR refused) AND -service.name:"auth"',
    ],
    [
      'removes a filter that is there',
      q({ filter: 'timeout AND service.name:"auth"' }),
      'FILTER_FOR',
      'service',
      'auth',
      'timeout',
    ],
    [
      'replaces the opposite filter',
      q({ filter: '-service.name:"auth" AND timeout' }),
      'FILTER_FOR',
      'service',
      'auth',
      'timeout AND service.name:"auth"',
    ],
    [
      'keeps whole an OR of bracketed parts, which starts with a bracket but is not one group',
      q({ filter: '(timeout) OR (refused)' }),
      'FILTER_OUT',
      'service',
      'api',
      '((timeout) OR (refused)) AND -service.name:"api"',
    ],
    [
      'keeps whole an implicit OR (query_string’s default operator)',
      q({ filter: 'timeout refused' }),
      'FILTER_OUT',
      'service',
      'api',
      '(timeout refused) AND -service.name:"api"',
    ],
    [
      'keeps whole a || of terms',
      q({ filter: 'timeout||refused' }),
      'FILTER_OUT',
      'service',
      'api',
      '(timeout||refused) AND -service.name:"api"',
    ],
    [
      'leaves alone one bracket group around the whole filter',
      q({ filter: '(timeout OR refused)' }),
      'FILTER_OUT',
      'service',
      'api',
      '(timeout OR refused) AND -service.name:"api"',
    ],
    [
      'leaves alone a single clause with a quoted phrase or a range',
      q({ filter: 'message:"card expired" AND http.status:[500 TO 599]' }),
      'FILTER_OUT',
      'service',
      'api',
      'message:"card expired" AND http.status:[500 TO 599] AND -service.name:"api"',
    ],
    [
      'leaves alone one phrase',
      q({ filter: '"card OR expired"' }),
      'FILTER_FOR',
      'service',
      'api',
      '"card OR expired" AND service.name:"api"',
    ],
    ['escapes a hostile value', q(), 'FILTER_FOR', 'service', '" OR *:* OR "', 'service.name:"\\" OR *:* OR \\""'],
    ['filters a session out on the session field', q(), 'FILTER_OUT', 'session_id', '123', '-session.id:"123"'],
  ] as const)('%s', (_label, query, type, key, value, filter) => {
    expect(toggleQueryFilter(query, type, { key, value }, settings).filter).toBe(filter);
  });

  it('filtering for the session label switches to that session, and back', () => {
    const session = toggleQueryFilter(q({ filter: 'x' }), 'FILTER_FOR', { key: 'session_id', value: '42' }, settings);
    expect(session).toEqual({ refId: 'A', mode: 'session', sessionId: '42', filter: 'x' });
    expect(queryHasFilter(session, { key: 'session_id', value: '42' }, settings)).toBe(true);
    expect(toggleQueryFilter(session, 'FILTER_FOR', { key: 'session_id', value: '42' }, settings).mode).toBe('range');
  });

  it('never makes an invalid id the session searched for', () => {
    const query = q();
    expect(toggleQueryFilter(query, 'FILTER_FOR', { key: 'session_id', value: '1 OR *' }, settings)).toBe(query);
  });

  it('filters a session out of every session field, and back in', () => {
    const several = resolveSettings({ sessionFields: ['session.id', 'attributes.session.id'] });
    const request = { key: 'session_id', value: '7' };
    const out = toggleQueryFilter(q({ filter: 'timeout' }), 'FILTER_OUT', request, several);
    expect(out.filter).toBe('timeout AND -(session.id:"7" OR attributes.session.id:"7")');
    expect(queryHasFilter(out, request, several, true)).toBe(true);
    expect(addQueryFilter(out, 'FILTER_OUT', request, several)).toBe(out);
    expect(toggleQueryFilter(out, 'FILTER_OUT', request, several).filter).toBe('timeout');
  });

  it('with several session fields, filters other labels on their own field, and turns a session filter for into out', () => {
    const several = resolveSettings({ sessionFields: ['session.id', 'attributes.session.id'] });
    expect(toggleQueryFilter(q(), 'FILTER_OUT', { key: 'host', value: 'web-1' }, several).filter).toBe(
      '-host.name:"web-1"'
    );
    const either = '(session.id:"7" OR attributes.session.id:"7")';
    expect(
      toggleQueryFilter(q({ filter: either }), 'FILTER_OUT', { key: 'session_id', value: '7' }, several).filter
    ).toBe(`-${either}`);
  });

  it('does nothing for a session filter out without a session field', () => {
    const query = q();
    expect(toggleQueryFilter(query, 'FILTER_OUT', { key: 'session_id', value: '1' }, resolveSettings({}))).toBe(query);
  });
});

describe('queryHasFilter and addQueryFilter', () => {
  const filter = `timeout AND ${filterClause('service.name', 'auth', false)}`;

  it('knows which filters are active', () => {
    expect(queryHasFilter(q({ filter }), { key: 'service', value: 'auth' }, settings)).toBe(true);
    expect(queryHasFilter(q({ filter }), { key: 'service', value: 'auth' }, settings, true)).toBe(false);
    expect(queryHasFilter(q({ filter }), { key: 'service', value: 'au' }, settings)).toBe(false);
  });

  it('adds only what is missing', () => {
    expect(addQueryFilter(q({ filter }), 'FILTER_FOR', { key: 'service', value: 'auth' }, settings).filter).toBe(
      filter
    );
    expect(addQueryFilter(q({ filter }), 'FILTER_OUT', { key: 'host', value: 'h' }, settings).filter).toBe(
      `${filter} AND -host.name:"h"`
    );
  });
});

describe('ad hoc filters for Explore', () => {
  it.each([
    ['=', 'service.name', 'checkout', 'service.name:"checkout"'],
    ['!=', 'service.name', 'checkout', '-service.name:"checkout"'],
    ['=~', 'host.name', 'web-.*', 'host.name:/web-.*/'],
    ['!~', 'url.path', '/api/.*', '-url.path:/\\/api\\/.*/'],
    ['<', 'http.status', '500', 'http.status:{* TO "500"}'],
    ['>', 'http.status', '399', 'http.status:{"399" TO *}'],
    ['=|', 'host.name', 'a', undefined],
  ])('%s on %s', (operator, key, value, clause) => {
    expect(adHocLuceneClause(key, operator, value)).toBe(clause);
  });

  it('ANDs them to the filter, once each, keeping a user’s OR whole', () => {
    const filters = [
      { key: 'service.name', operator: '=', value: 'auth' },
      { key: 'service.name', operator: '=', value: 'auth' },
      { key: 'log.level', operator: '!=', value: 'DEBUG' },
    ];
    expect(withAdHocFilters('timeout OR refused', filters)).toBe(
      '(timeout OR refused) AND service.name:"auth" AND -log.level:"DEBUG"'
    );
    expect(withAdHocFilters(undefined, [])).toBeUndefined();
    expect(withAdHocFilters('', [])).toBe('');
  });
});

describe('reading the user’s filter', () => {
  it.each([
    [
      'an AND inside a quoted value is the value’s, not a split',
      'message:"card AND expired" AND service.name:"auth"',
      'FILTER_FOR',
      'service',
      'auth',
      'message:"card AND expired"',
    ],
    [
      'an escaped quote does not end the quoted value',
      'message:"say \\" AND x" AND service.name:"auth"',
      'FILTER_FOR',
      'service',
      'auth',
      'message:"say \\" AND x"',
    ],
    [
      'a quoted phrase with a space is one clause',
      'message:"card expired"',
      'FILTER_OUT',
      'service',
      'api',
      'message:"card expired" AND -service.name:"api"',
    ],
    [
      'an escaped space is part of the term',
      'timeout\\ refused',
      'FILTER_OUT',
      'service',
      'api',
      'timeout\\ refused AND -service.name:"api"',
    ],
    [
      'a clause after a bracket group is found and removed',
      '(timeout OR refused) AND service.name:"auth"',
      'FILTER_FOR',
      'service',
      'auth',
      '(timeout OR refused)',
    ],
    [
      'a clause inside a bracket group is not the filter: toggling adds it',
      '(timeout AND service.name:"auth" AND retry)',
      'FILTER_FOR',
      'service',
      'auth',
      '(timeout AND service.name:"auth" AND retry) AND service.name:"auth"',
    ],
    [
      'an OR after a bracket group is kept whole',
      'timeout OR (refused AND retry)',
      'FILTER_OUT',
      'service',
      'api',
      '(timeout OR (refused AND retry)) AND -service.name:"api"',
    ],
    [
      'an inclusive range alone is one clause',
      'http.status:[500 TO 599]',
      'FILTER_OUT',
      'service',
      'api',
      'http.status:[500 TO 599] AND -service.name:"api"',
    ],
    [
      'an exclusive range alone is one clause',
      'http.status:{499 TO 600}',
      'FILTER_OUT',
      'service',
      'api',
      'http.status:{499 TO 600} AND -service.name:"api"',
    ],
    [
      'a trailing AND (a filter being typed) is not a clause',
      'timeout AND ',
      'FILTER_FOR',
      'service',
      'auth',
      'timeout AND service.name:"auth"',
    ],
    [
      'extra spaces before an AND do not hide a clause',
      'service.name:"auth"  AND timeout',
      'FILTER_FOR',
      'service',
      'auth',
      'timeout',
    ],
    [
      'extra spaces after an AND do not hide a clause',
      'timeout AND  service.name:"auth"',
      'FILTER_FOR',
      'service',
      'auth',
      'timeout',
    ],
    [
      'keeps every word of a doubled AND',
      'timeout AND AND refused',
      'FILTER_OUT',
      'service',
      'api',
      'timeout AND AND refused AND -service.name:"api"',
    ],
    [
      'an AND left at the start (its first term deleted) is not a clause',
      ' AND timeout',
      'FILTER_FOR',
      'service',
      'auth',
      'timeout AND service.name:"auth"',
    ],
    ['the level label is the level field', '', 'FILTER_FOR', 'level', 'error', 'log.level:"error"'],
    ['the severity label is the level field', '', 'FILTER_OUT', 'severity', 'debug', '-log.level:"debug"'],
  ] as const)('%s', (_label, filter, type, key, value, expected) => {
    expect(toggleQueryFilter(q({ filter }), type, { key, value }, settings).filter).toBe(expected);
  });

  it('reads a level label on a custom level field', () => {
    const custom = resolveSettings({ levelField: 'severity_text' });
    expect(toggleQueryFilter(q(), 'FILTER_FOR', { key: 'level', value: 'warn' }, custom).filter).toBe(
      'severity_text:"warn"'
    );
  });

  it('does nothing for a label without a name', () => {
    const query = q({ filter: ':"x"' });
    expect(toggleQueryFilter(query, 'FILTER_FOR', { key: '', value: 'x' }, settings)).toBe(query);
    expect(queryHasFilter(query, { key: '', value: 'x' }, settings)).toBe(false);
  });
});

describe('the session label', () => {
  it('toggling another session’s label in session mode switches to that session, not to every session', () => {
    const query = q({ mode: 'session', sessionId: '42' });
    expect(toggleQueryFilter(query, 'FILTER_FOR', { key: 'session_id', value: '43' }, settings)).toEqual({
      refId: 'A',
      mode: 'session',
      sessionId: '43',
    });
    expect(queryHasFilter(query, { key: 'session_id', value: '43' }, settings)).toBe(false);
  });

  it('a session id kept from session mode is not active in range mode', () => {
    const query = q({ mode: 'range', sessionId: '42' });
    expect(queryHasFilter(query, { key: 'session_id', value: '42' }, settings)).toBe(false);
    expect(toggleQueryFilter(query, 'FILTER_FOR', { key: 'session_id', value: '42' }, settings).mode).toBe('session');
  });

  it('knows a session filtered out, on the session field', () => {
    const query = q({ filter: '-session.id:"7"' });
    expect(queryHasFilter(query, { key: 'session_id', value: '7' }, settings, true)).toBe(true);
    expect(addQueryFilter(query, 'FILTER_OUT', { key: 'session_id', value: '7' }, settings)).toBe(query);
    expect(toggleQueryFilter(query, 'FILTER_OUT', { key: 'session_id', value: '7' }, settings).filter).toBe('');
  });

  it('no session filter out is active without a session field', () => {
    const query = q({ filter: '-session.id:"7"' });
    expect(queryHasFilter(query, { key: 'session_id', value: '7' }, resolveSettings({}), true)).toBe(false);
  });
});

describe('addQueryFilter keeps what is there', () => {
  it('adding the same filter out twice keeps it', () => {
    const once = addQueryFilter(q(), 'FILTER_OUT', { key: 'host', value: 'web-1' }, settings);
    expect(once.filter).toBe('-host.name:"web-1"');
    expect(addQueryFilter(once, 'FILTER_OUT', { key: 'host', value: 'web-1' }, settings).filter).toBe(
      '-host.name:"web-1"'
    );
  });

  it('a query without a filter has no filter active', () => {
    expect(queryHasFilter(q(), { key: 'service', value: 'auth' }, settings)).toBe(false);
  });
});

describe('ad hoc filters on a filter being typed', () => {
  const auth = [{ key: 'service.name', operator: '=', value: 'auth' }];

  it.each([
    ['timeout ', 'timeout AND service.name:"auth"'],
    ['  ', 'service.name:"auth"'],
    ['', 'service.name:"auth"'],
  ])('%p -> %p', (filter, expected) => {
    expect(withAdHocFilters(filter, auth)).toBe(expected);
  });

  it('leaves the filter alone without ad hoc filters', () => {
    expect(withAdHocFilters('timeout', undefined)).toBe('timeout');
    expect(withAdHocFilters('timeout', [{ key: '', operator: '=', value: 'x' }])).toBe('timeout');
  });
});
