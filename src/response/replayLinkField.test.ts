import { FieldType } from '@grafana/data';
import { replayLinkField } from './replayLinkField';

describe('replayLinkField', () => {
  it('links every row to its replay, with the URL used raw', () => {
    const urls = ['https://replay.example.com/5/session/1?jumpto=10', '', 'https://replay.example.com/5/session/2'];
    expect(replayLinkField(urls, 'Open replay')).toEqual([
      {
        name: 'replay_url',
        type: FieldType.string,
        config: {
          displayName: 'Replay',
          links: [{ title: 'Open replay', url: '${__value.raw:raw}', targetBlank: true }],
        },
        values: urls,
      },
    ]);
  });

  it.each([
    ['no rows', []],
    ['no row with a replay', ['', '']],
  ])('adds no field for %s', (_label, urls) => {
    expect(replayLinkField(urls, 'Open replay')).toEqual([]);
  });
});
