import { assertSafeField, DEFAULT_FIELDS, PIPELINE_NAME, sessionIdPipeline, sessionLogsTemplate } from './template';
import { missingHash } from './setupCluster';

describe('sessionLogsTemplate', () => {
  const template = sessionLogsTemplate('logs-app-*');

  it('maps what the plugin searches: date, text, keywords', () => {
    const props = template.template?.mappings?.properties as Record<
      string,
      { type?: string; properties?: Record<string, { type: string }> }
    >;
    expect(props['@timestamp']).toEqual({ type: 'date' });
    expect(props.message).toEqual({ type: 'text' });
    expect(props.log.properties?.level.type).toBe('keyword');
    expect(props.session.properties?.id.type).toBe('keyword');
    expect(props.service.properties?.name.type).toBe('keyword');
    expect(props.host.properties?.name.type).toBe('keyword');
  });

  it('wins over Elasticsearch 8’s logs-*-* data stream template and runs the pipeline', () => {
    expect(template.priority).toBeGreaterThan(100);
    expect(template.index_patterns).toEqual(['logs-app-*']);
    expect(template.template?.settings).toEqual({ 'index.default_pipeline': PIPELINE_NAME });
    expect(sessionLogsTemplate('x', DEFAULT_FIELDS, { replicas: 0 }).template?.settings).toMatchObject({
      'index.number_of_replicas': 0,
    });
  });

  it('maps custom field names at their dotted paths', () => {
    const custom = sessionLogsTemplate('x', { ...DEFAULT_FIELDS, session: 'labels.replay_session', time: 'ts' });
    const props = custom.template?.mappings?.properties as Record<
      string,
      { properties?: Record<string, unknown>; type?: string }
    >;
    expect(props.ts).toEqual({ type: 'date' });
    expect(props.labels.properties?.replay_session).toEqual({ type: 'keyword', ignore_above: 1024 });
  });
});

describe('the session and user hashes', () => {
  it('are mapped as numbers, with the user field as a keyword when there is one', () => {
    const withUser = sessionLogsTemplate('x', { ...DEFAULT_FIELDS, user: 'user.id' });
    const props = withUser.template?.mappings?.properties as Record<string, { properties: Record<string, unknown> }>;
    expect(props.error.properties.session_hash).toEqual({ type: 'long' });
    expect(props.error.properties.user_hash).toEqual({ type: 'long' });
    expect(props.user.properties.id).toEqual({ type: 'keyword', ignore_above: 1024 });
  });

  it('are written by the pipeline, the user’s only with a user field', () => {
    const targets = (fields: typeof DEFAULT_FIELDS) =>
      sessionIdPipeline(fields)
        .processors!.map((p) => (p as { script?: { source: string } }).script?.source ?? '')
        .filter((source) => source.includes('_hash ='))
        .map((source) => /ctx\.error\.(\w+_hash) =/.exec(source)?.[1]);
    expect(targets(DEFAULT_FIELDS)).toEqual(['session_hash']);
    expect(targets({ ...DEFAULT_FIELDS, user: 'user.id' })).toEqual(['session_hash', 'user_hash']);
  });
});

describe('the session hash over several session fields', () => {
  const sessionHashSource = (fields: typeof DEFAULT_FIELDS) =>
    sessionIdPipeline(fields)
      .processors!.map((p) => (p as { script?: { source: string } }).script?.source ?? '')
      .find((source) => source.includes('ctx.error.session_hash ='))!;

  it('reads the fields in the data source’s order, the first with an id winning', () => {
    const source = sessionHashSource({ ...DEFAULT_FIELDS, sessionFields: ['session.id', 'labels.session_id'] });
    expect(source).toContain('def readId0(def ctx) { return sreField(ctx, ["session","id"], 0, 2); }');
    expect(source).toContain('def readId1(def ctx) { return sreField(ctx, ["labels","session_id"], 0, 2); }');
    expect(source.indexOf('v = readId0(ctx)')).toBeLessThan(source.indexOf('v = readId1(ctx)'));
    expect(source).toContain("if (v == null || v == '') { v = readId1(ctx); }");
  });

  it('reads the tag field alone without a list, and refuses a field name that is not one', () => {
    expect(sessionHashSource(DEFAULT_FIELDS)).not.toContain('readId1');
    expect(() => sessionIdPipeline({ ...DEFAULT_FIELDS, sessionFields: ['session.id', 'x"]; ctx.y = 1; //'] })).toThrow(
      /is not a field name/
    );
  });
});

describe('missingHash', () => {
  it('finds lines with an id in any session field and no hash', () => {
    expect(missingHash(['session.id'], 'error.session_hash')).toEqual({
      bool: { filter: [{ exists: { field: 'session.id' } }], must_not: [{ exists: { field: 'error.session_hash' } }] },
    });
    expect(missingHash(['a', 'b'], 'h').bool?.filter).toEqual([
      { bool: { should: [{ exists: { field: 'a' } }, { exists: { field: 'b' } }], minimum_should_match: 1 } },
    ]);
  });
});

describe('sessionIdPipeline', () => {
  // What these patterns copy and leave, on the engine: tests/engine/layouts.test.ts (_simulate).
  it('extracts OpenReplay digits or Faro’s letters and digits, whole words, only when the session field is empty', () => {
    const grok = sessionIdPipeline().processors?.[0].grok;
    expect(grok).toMatchObject({
      field: 'message',
      patterns: [
        '(?i)%{TAG_START}%{SESSION_TAG}\\s*=\\s*%{SESSION_ID:session.id}%{TAG_END}',
        '(?i)%{TAG_START}session_id\\s*=\\s*%{FARO_SESSION_ID:session.id}%{TAG_END}',
      ],
      pattern_definitions: {
        TAG_START: '(?<![A-Za-z0-9_.])',
        TAG_END: '(?![A-Za-z0-9_])',
        SESSION_TAG: '(?:asayer_session_id|openReplaySession\\.id)',
        SESSION_ID: '[0-9]{1,20}',
        FARO_SESSION_ID: '[A-Za-z0-9]{1,128}',
      },
      ignore_missing: true,
      ignore_failure: true,
    });
    expect(grok?.if).toContain("for (def p : ['session','id'])");
    expect(grok?.if).toContain("ctx['session.id'] == null");
  });
});

describe('assertSafeField', () => {
  it.each(['a', '@timestamp', 'a.b_c', 'x-y.z'])('accepts %p', (name) => expect(assertSafeField(name)).toBe(name));
  it.each(["a'];", 'a..b', '', 'a b', '.a'])('rejects %p', (name) =>
    expect(() => assertSafeField(name)).toThrow(/not a field name/)
  );
});
