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

  it('is empty for frames without lines', () => {
    expect(toAnnotationEvents([{ length: 0, fields: [] }])).toEqual([]);
  });
});
