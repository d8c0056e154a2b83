import { sourceLeaves, summarizeSample, tagSightings } from './sampleDocs';

describe('sourceLeaves', () => {
  it('reads nested objects, dotted keys and arrays alike', () => {
    const leaves = sourceLeaves({
      log: { level: 'ERROR' },
      'session.id': '42',
      attributes: { 'http.request': { method: 'GET' } },
      tags: ['a', 'b'],
      spans: [{ id: 's1' }, { id: 's2' }],
    });
    expect(Object.fromEntries(leaves)).toEqual({
      'log.level': ['ERROR'],
      'session.id': ['42'],
      'attributes.http.request.method': ['GET'],
      tags: ['a', 'b'],
      'spans.id': ['s1', 's2'],
    });
  });

  it.each([
    ['null', { a: null }],
    ['an empty string', { a: '' }],
    ['an empty array', { a: [] }],
    ['an empty object', { a: {} }],
  ])('finds no value in %s', (_label, source) => {
    expect(sourceLeaves(source).size).toBe(0);
  });

  it('keeps numbers, booleans and zero', () => {
    expect(Object.fromEntries(sourceLeaves({ n: 0, b: false, level: 50 }))).toEqual({
      n: [0],
      b: [false],
      level: [50],
    });
  });

  it('takes no leaf from a source that is not an object', () => {
    expect(sourceLeaves('text').size).toBe(0);
    expect(sourceLeaves(undefined).size).toBe(0);
  });
});

describe('summarizeSample', () => {
  const sample = summarizeSample([
    { index: 'a', source: { message: 'one', 'session.id': '1' } },
    { index: 'a', source: { message: ['two', 'lines'] } },
    { index: 'b', source: { message: 7, body: { text: 'three' } } },
  ]);

  it('counts the lines carrying a field, in all indices or some', () => {
    expect(sample.size).toBe(3);
    expect(sample.linesWith('message')).toBe(3);
    expect(sample.linesWith('message', ['b'])).toBe(1);
    expect(sample.linesWith('session.id', ['b'])).toBe(0);
    expect(sample.linesWith('nothing')).toBe(0);
    expect(sample.linesIn(['a'])).toBe(2);
    expect(sample.linesIn(['a', 'b'])).toBe(3);
    expect(sample.linesIn([])).toBe(0);
  });

  it('names the indices whose lines carry a field, once each', () => {
    expect(sample.indicesWith('message')).toEqual(['a', 'b']);
    expect(sample.indicesWith('body.text')).toEqual(['b']);
    expect(sample.indicesWith('nothing')).toEqual([]);
  });

  it('gives one text a line, the strings of a list joined, numbers left out', () => {
    expect(sample.textsOf('message')).toEqual(['one', 'two\nlines']);
    expect(sample.textsOf('nothing')).toEqual([]);
  });
});

describe('tagSightings', () => {
  const OPENREPLAY = '7326283475902461';
  const long = `payment failed ${'x'.repeat(130)} openReplaySession.id=${OPENREPLAY}`;
  const sample = summarizeSample([
    { index: 'a', source: { message: `checkout failed openReplaySession.id=${OPENREPLAY}` } },
    { index: 'a', source: { message: long } },
    { index: 'a', source: { message: `[asayer_session_id=${OPENREPLAY}] declined` } },
    { index: 'b', source: { body: 'level=error msg="fetch failed" session_id=k3Jh7mNp2Q' } },
    { index: 'b', source: { body: 'previous_session_id=zzz asayer_session_id=x' } },
  ]);

  it('finds each tag with the plugin extraction, bracketed or bare, with a line as it reads', () => {
    expect(tagSightings(sample, ['message', 'body'])).toEqual([
      { tag: 'asayer_session_id', lines: 1, field: 'message', example: `[asayer_session_id=${OPENREPLAY}] declined` },
      {
        tag: 'openReplaySession.id',
        lines: 2,
        field: 'message',
        example: `checkout failed openReplaySession.id=${OPENREPLAY}`,
      },
      { tag: 'session_id', lines: 1, field: 'body', example: 'level=error msg="fetch failed" session_id=k3Jh7mNp2Q' },
    ]);
  });

  it('cuts a long example line', () => {
    const only = summarizeSample([{ index: 'a', source: { message: long } }]);
    const [sighting] = tagSightings(only, ['message']);
    expect(sighting.example).toBe(`${long.slice(0, 120)}…`);
    const exact = summarizeSample([{ index: 'a', source: { message: long.slice(-120) } }]);
    expect(tagSightings(exact, ['message'])[0].example).toBe(long.slice(-120));
  });

  it('counts a tag in the first field that shows it', () => {
    const both = summarizeSample([
      { index: 'a', source: { message: 'session_id=abc', body: 'session_id=abc' } },
      { index: 'a', source: { body: 'session_id=def' } },
    ]);
    expect(tagSightings(both, ['message', 'body'])).toEqual([
      { tag: 'session_id', lines: 1, field: 'message', example: 'session_id=abc' },
    ]);
    expect(tagSightings(both, [])).toEqual([]);
  });
});
