import type { estypes } from '@elastic/elasticsearch';
import type { ClusterClient } from '../cluster/clusterClient';
import { SEARCH_TIMEOUT, type SearchBody } from '../query/buildSessionErrorsQuery';
import { SESSION_TAG_NAMES } from '../session/sessionTags';
import type { FieldCapsAnswer } from './fieldCatalog';
import { fieldCatalog } from './fieldCatalog';
import { FIELD_SETTING_RULES, GENERIC_FIELDS, LAYOUTS, SESSION_ID_NAMES } from './layouts';
import type { LayoutEvidence } from './detectLayout';
import type { SampleDoc } from './sampleDocs';

/** At most this many lines are sampled: 20 of the whole pattern, 3 from each of its 10 largest indices. */
export const SAMPLE_LINES = { top: 20, perIndex: 3, indices: 10 } as const;

const unique = (names: readonly string[]) => [...new Set(names)];

/** The message fields of every layout, where tags are looked for. */
export const MESSAGE_FIELDS = unique([
  ...LAYOUTS.flatMap((l) => l.fields.messageField),
  ...GENERIC_FIELDS.messageField,
]);

/**
 * The `_source` the sample fetches, and nothing more: the message fields (for tags), the fields that
 * mark each layout (which index holds which), and anything named like a session or replay id.
 */
export const SAMPLE_SOURCE = unique([
  ...MESSAGE_FIELDS,
  ...LAYOUTS.flatMap((l) => l.marks.flat()),
  ...LAYOUTS.flatMap((l) => l.aliasing?.aliases ?? []),
  '*session*',
  '*Session*',
  '*replay_id*',
  ...SESSION_ID_NAMES.map((n) => n.name),
]);

/**
 * The search for the sample, on the saved pattern: lines with a tag's name in a text field first (a
 * `should` that only scores), then the newest; and a few lines of each of the largest indices, so a
 * layout in a smaller index is sampled too. Sorted by the first date field of the layouts' time fields.
 */
export function sampleSearchBody(caps: FieldCapsAnswer): SearchBody {
  const catalog = fieldCatalog(caps);
  const textFields = MESSAGE_FIELDS.filter((f) => catalog.hasFamily(f, ['text']));
  const timeField = unique([...LAYOUTS.flatMap((l) => l.fields.timeField), ...GENERIC_FIELDS.timeField]).find((f) =>
    catalog.hasFamily(f, FIELD_SETTING_RULES.timeField.families)
  );
  const sort: estypes.Sort = [
    '_score',
    ...(timeField ? [{ [timeField]: { order: 'desc' as const, unmapped_type: 'date' as const } }] : []),
  ];
  const tagWords = SESSION_TAG_NAMES.join(' ');
  return {
    size: SAMPLE_LINES.top,
    track_total_hits: false,
    timeout: SEARCH_TIMEOUT,
    _source: SAMPLE_SOURCE,
    query: {
      bool: {
        must: [{ match_all: {} }],
        should: textFields.map((field) => ({ match: { [field]: { query: tagWords, lenient: true } } })),
      },
    },
    sort,
    aggs: {
      indices: {
        terms: { field: '_index', size: SAMPLE_LINES.indices },
        aggs: { lines: { top_hits: { size: SAMPLE_LINES.perIndex, _source: SAMPLE_SOURCE, sort } } },
      },
    },
  };
}

type Hit = { _index: string; _id?: string; _source?: unknown };
type SampleAggregations = { indices?: { buckets?: Array<{ lines?: { hits?: { hits?: Hit[] } } }> } };

/** The sampled lines of the answer, each once (a line can be a top hit and its index's too). */
export function sampleDocs(response: estypes.SearchResponse<unknown, SampleAggregations>): SampleDoc[] {
  const hits = [
    ...(response.hits?.hits ?? []),
    ...(response.aggregations?.indices?.buckets ?? []).flatMap((bucket) => bucket.lines?.hits?.hits ?? []),
  ] as Hit[];
  const seen = new Set<string>();
  return hits.flatMap((hit) => {
    const key = JSON.stringify([hit._index, hit._id]);
    if (seen.has(key)) {
      return [];
    }
    seen.add(key);
    return [{ index: hit._index, source: hit._source }];
  });
}

/** A sample of the saved pattern's lines, through the data source's search route. */
export async function fetchSample(client: ClusterClient, caps: FieldCapsAnswer): Promise<SampleDoc[]> {
  return sampleDocs(await client.search<unknown, SampleAggregations>(sampleSearchBody(caps)));
}

/** The saved pattern's field caps (fields=*) and its sample: what detection reads. */
export async function fetchLayoutEvidence(client: ClusterClient): Promise<LayoutEvidence> {
  const fieldCaps = await client.fieldCaps(['*']);
  return { fieldCaps, sample: await fetchSample(client, fieldCaps), indexPattern: client.indexPattern };
}
