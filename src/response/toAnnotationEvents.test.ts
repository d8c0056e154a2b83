import { FieldType, type DataFrame } from '@grafana/data';
import { toAnnotationEvents } from './toAnnotationEvents';

const frame: DataFrame = {
  length: 2,
  fields: [
    { name: 'timestamp', type: FieldType.time, config: {}, values: [2000, 1000] },
    { name: 'body', type: FieldType.string, config: {}, values: ['Error: <b>x</b>\n  at f', 'slow'] },
    { name: 'severity', type: FieldType.string, config: {}, values: ['error', 'warning'] },
    { name: 'labels', type: FieldType.other, config: {}, values: [{ service: 'pay', session_id: '42' }, {}] },
    { name: 'replay_url', type: FieldType.string, config: {}, values: ['https://or/1/session/42?jumpto=1&a="b"', ''] },
  ],
};

describe('toAnnotationEvents', () => {
  it('turns each line into an annotation with its replay link and tags, HTML escaped', () => {
    expect(toAnnotationEvents([frame])).toEqual([
      {
        time: 2000,
        text: 'Error: &lt;b&gt;x&lt;/b&gt;<br><a href="https://or/1/session/42?jumpto=1&amp;a=&quot;b&quot;" target="_blank" rel="noopener noreferrer">Open replay at this moment</a>',
        tags: ['error', 'pay', 'session:42'],
      },
      { time: 1000, text: 'slow', tags: ['warning'] },
    ]);
  });

  it('escapes apostrophes, and keeps a line without a body, labels or replay', () => {
    const bare: DataFrame = {
      length: 2,
      fields: [
        { name: 'timestamp', type: FieldType.time, config: {}, values: [3000, 4000] },
        { name: 'severity', type: FieldType.string, config: {}, values: ['info', 'error'] },
      ],
    };
    const quoted: DataFrame = {
      length: 1,
      fields: [
        { name: 'timestamp', type: FieldType.time, config: {}, values: [5000] },
        { name: 'body', type: FieldType.string, config: {}, values: ["can't pay"] },
      ],
    };
    expect(toAnnotationEvents([bare, quoted])).toEqual([
      { time: 3000, text: '', tags: ['info'] },
      { time: 4000, text: '', tags: ['error'] },
      { time: 5000, text: 'can&#39;t pay', tags: [] },
    ]);
  });

  it('is empty for frames without lines', () => {
    expect(toAnnotationEvents([{ length: 0, fields: [] }])).toEqual([]);
  });
});
