import '../node/browserGlobals';
import type { DataFrame, Field } from '@grafana/data';
import { exploreLinkHost } from './host';
import { exploreFieldLinks } from './exploreLinks';

// An internal link (trace.id to a Tempo data source) goes through the host's mapInternalLinkToExplore.
describe('internal links on the Explore path', () => {
  it('open Explore on the linked data source with the interpolated query', () => {
    const frame: DataFrame = {
      refId: 'A',
      length: 1,
      fields: [
        { name: 'timestamp', type: 'time', config: {}, values: [1] },
        {
          name: 'trace.id',
          type: 'string',
          config: {
            links: [
              {
                title: 'Trace',
                url: '',
                internal: { datasourceUid: 'tempo', datasourceName: 'tempo', query: { query: '${__value.raw}' } },
              },
            ],
          },
          values: ['abc123'],
        },
      ] as Field[],
    };
    const [link] = exploreFieldLinks(frame.fields[1], 0, frame, exploreLinkHost({ fromMs: 1000, toMs: 2000 }));
    expect(link.title).toBe('Trace');
    const href = decodeURIComponent(link.href);
    expect(href).toMatch(/^\/explore\?/);
    expect(href).toContain('"datasource":"tempo"');
    expect(href).toContain('"query":"abc123"');
  });
});
