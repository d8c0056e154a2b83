import { assertSafeField, DEFAULT_FIELDS, PIPELINE_NAME, sessionIdPipeline, sessionLogsTemplate } from './template';

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

describe('sessionIdPipeline', () => {
  it('extracts digits after either tag, only when the session field is empty', () => {
    const grok = sessionIdPipeline().processors?.[0].grok;
    expect(grok).toMatchObject({
      field: 'message',
      patterns: ['(?i)%{SESSION_TAG}\\s*=\\s*%{SESSION_ID:session.id}'],
      pattern_definitions: { SESSION_TAG: '(?:asayer_session_id|openReplaySession\\.id)', SESSION_ID: '[0-9]+' },
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
