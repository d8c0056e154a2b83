import '../../node/browserGlobals';
import { applyFieldOverrides, createTheme, FieldType, type DataFrame } from '@grafana/data';
import { linkInterpolator } from './linkInterpolation';

const URL_VALUE = 'https://or.test/3/session/3864047860558056943?jumpto=1780315200000';
const frame: DataFrame = {
  length: 1,
  fields: [
    { name: 'timestamp', type: FieldType.time, config: {}, values: [1780315200000] },
    {
      name: 'session_id',
      type: FieldType.string,
      config: { links: [{ title: 'drill', url: '/d/x?var-session=${__value.raw}&${__url_time_range}' }] },
      values: ['a b'],
    },
    {
      name: 'replay_url',
      type: FieldType.string,
      config: {
        links: [
          { title: 'raw', url: '${__value.raw:raw}' },
          { title: 'encoded', url: '${__value.raw}' },
        ],
      },
      values: [URL_VALUE],
    },
  ],
};

/** Links as Grafana builds them: applyFieldOverrides + getLinksSupplier, with the template service's formats. */
function links(fieldName: string) {
  const [withLinks] = applyFieldOverrides({
    data: [frame],
    fieldConfig: { defaults: {}, overrides: [] },
    replaceVariables: linkInterpolator({ fromMs: 1, toMs: 2 }),
    theme: createTheme(),
  });
  const field = withLinks.fields.find((f) => f.name === fieldName)!;
  return field.getLinks!({ valueRowIndex: 0 }).map((l) => [l.title, l.href]);
}

describe('data links as Grafana interpolates them', () => {
  it('keeps a complete URL intact with :raw, and would break it without', () => {
    expect(links('replay_url')).toEqual([
      ['raw', URL_VALUE],
      ['encoded', encodeURIComponent(URL_VALUE)],
    ]);
  });

  it('URI-encodes plain values and fills the time range', () => {
    expect(links('session_id')).toEqual([['drill', '/d/x?var-session=a%20b&from=1&to=2']]);
  });
});
