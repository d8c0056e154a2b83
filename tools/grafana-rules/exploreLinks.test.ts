import '../node/browserGlobals';
import { textUtil, type DataFrame, type Field } from '@grafana/data';
import { withLinks } from '../preview/host/linkInterpolation';
import { exploreFieldLinks } from './exploreLinks';

// Cases after grafana/grafana public/app/features/explore/utils/links.test.ts: an external link
// interpolated with the row's value, the title from the host when empty, and a link dropped when
// a variable it uses has no value.
const host = { sanitizeUrl: textUtil.sanitizeUrl };
const VALUE = 'a&b#c+d e';

function frameWith(value: unknown, url: string, title = 'Search'): DataFrame {
  return {
    refId: 'A',
    length: 1,
    meta: { type: 'log-lines' as NonNullable<DataFrame['meta']>['type'] },
    fields: [
      { name: 'timestamp', type: 'time', config: {}, values: [1] },
      { name: 'body', type: 'string', config: {}, values: ['line'] },
      { name: 'labels', type: 'other', config: {}, values: [{ service: 'checkout' }] },
      { name: 'trace.id', type: 'string', config: { links: [{ title, url }] }, values: [value] },
    ] as Field[],
  };
}

const explore = (frame: DataFrame) => exploreFieldLinks(frame.fields[3], 0, frame, host);

describe('links on the Explore and Logs panel path (getFieldLinksForExplore)', () => {
  it('interpolates the raw value without URI-encoding it', () => {
    expect(explore(frameWith(VALUE, 'https://s.test/?q=${__value.raw}'))).toEqual([
      { title: 'Search', href: `https://s.test/?q=${VALUE}`, target: '_blank' },
    ]);
  });

  it('applies a format the link names', () => {
    const [link] = explore(frameWith(VALUE, 'https://s.test/?q=${__value.raw:percentencode}'));
    expect(link.href).toBe(`https://s.test/?q=${encodeURIComponent(VALUE)}`);
  });

  it('offers a row label by its name', () => {
    const [link] = explore(frameWith('x', 'https://s.test/${service}/${__value.raw}'));
    expect(link.href).toBe('https://s.test/checkout/x');
  });

  it('takes the title from the host when the link has none', () => {
    expect(explore(frameWith('x', 'https://s.test/${__value.raw}', ''))[0].title).toBe('s.test');
  });

  it('drops the link when a variable it uses has no value, and keeps an empty string as a blank link', () => {
    expect(explore(frameWith(null, 'https://s.test/?q=${__value.raw}'))).toEqual([]);
    expect(explore(frameWith(undefined, 'https://s.test/?q=${__value.raw}'))).toEqual([]);
    expect(explore(frameWith('', '${__value.raw:raw}'))).toEqual([
      { title: 'Search', href: 'about:blank', target: '_blank' },
    ]);
  });

  it('sanitizes the URL as link_srv does', () => {
    expect(explore(frameWith('javascript:alert(1)', '${__value.raw:raw}'))[0].href).toBe('about:blank');
  });
});

describe('the same link on the dashboard path (getLinksSupplier)', () => {
  it('URI-encodes the value, so the two paths differ for &, # and +', () => {
    const frame = frameWith(VALUE, 'https://s.test/?q=${__value.raw}');
    const [dashboard] = withLinks([frame], { fromMs: 1, toMs: 2 });
    const href = dashboard.fields[3].getLinks!({ valueRowIndex: 0 })[0].href;
    expect(href).toBe(`https://s.test/?q=${encodeURIComponent(VALUE)}`);
    expect(explore(frame)[0].href).not.toBe(href);
  });
});
