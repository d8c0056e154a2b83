import { DEFAULT_SETTINGS } from '../settings';
import { SESSION_TAG_NAMES } from '../session/sessionTags';
import type { SessionErrorsOptions } from '../types';
import { fieldCatalog, type FieldCapsAnswer, type FieldCatalog, type TypeFamily } from './fieldCatalog';
import { indexPatternFor } from './indexPatterns';
import {
  FIELD_SETTINGS,
  FIELD_SETTING_RULES,
  GENERIC_FIELDS,
  LAYOUTS,
  SESSION_ID_NAMES,
  SESSION_ID_PREFIXES,
  type FieldSetting,
  type LayoutId,
  type LayoutSignature,
} from './layouts';
import { summarizeSample, tagSightings, type SampleDoc, type SampleSummary, type TagSighting } from './sampleDocs';

/** What detection reads: the saved pattern's `_field_caps` (fields=*) and a few of its lines. */
export interface LayoutEvidence {
  fieldCaps: FieldCapsAnswer;
  sample: readonly SampleDoc[];
  /** The pattern the answers are for: the saved one, the only one the data source's routes reach. */
  indexPattern: string;
}

/** The settings detection proposes, named as the data source saves them. */
export type ProposedSettings = Pick<
  SessionErrorsOptions,
  'indexPattern' | FieldSetting | 'sessionFields' | 'detailFields' | 'messageTags'
>;
export type ProposedSettingKey = keyof ProposedSettings;
export type Confidence = 'high' | 'medium' | 'low';

/** One proposed setting, why (which fields or sampled lines showed it), and how sure. */
export type SettingProposal = {
  [K in ProposedSettingKey]: {
    setting: K;
    value: NonNullable<ProposedSettings[K]>;
    reason: string;
    confidence: Confidence;
  };
}[ProposedSettingKey];

export interface DetectedLayout {
  id: LayoutId;
  name: string;
  /** The indices placed in this layout (by their fields, sampled lines or names). */
  indices: string[];
  evidence: string;
}

export interface LayoutDetection {
  /** The layouts found, the one the proposals are for first. */
  layouts: DetectedLayout[];
  /** Indices no layout could be placed in. */
  unplaced: string[];
  tags: TagSighting[];
  proposals: SettingProposal[];
  /** Settings with nothing to propose, and why. */
  unresolved: Array<{ setting: ProposedSettingKey; reason: string }>;
  notes: string[];
}

const quote = (fields: readonly string[]) => fields.map((f) => `"${f}"`).join(', ');
const few = (items: readonly string[]) => (items.length > 3 ? `${items.slice(0, 3).join(', ')}, …` : items.join(', '));

/** Reads the evidence once: which fields are mapped and seen, and which layouts they make. */
export class LayoutReading {
  readonly catalog: FieldCatalog;
  readonly sample: SampleSummary;
  readonly layouts: readonly LayoutSignature[];

  constructor(evidence: LayoutEvidence) {
    this.catalog = fieldCatalog(evidence.fieldCaps);
    this.sample = summarizeSample(evidence.sample);
    // First by the mappings alone; then a layout whose marks are only another layout's aliases
    // (ECS's `message` in Elastic's OTel streams) drops out unless sampled lines carry them.
    const mapped = LAYOUTS.filter((layout) => layout.marks.every((group) => group.some((f) => this.mapped(f))));
    const holds = (field: string) => this.mapped(field) && (this.seen(field) || !this.aliasIn(field, mapped));
    this.layouts = mapped.filter((layout) => layout.marks.every((group) => group.some(holds)));
  }

  mapped(field: string): boolean {
    return this.catalog.types(field).length > 0;
  }

  seen(field: string): boolean {
    return this.sample.linesWith(field) > 0;
  }

  /** Whether a field is only an alias in one of the layouts: a template alias or a passthrough leaf. */
  aliasIn(field: string, layouts: readonly LayoutSignature[]): boolean {
    return layouts.some(
      (layout) =>
        !!layout.aliasing?.aliases.includes(field) ||
        !!layout.aliasing?.passthrough.some((prefix) => this.mapped(prefix + field))
    );
  }

  /**
   * A field that can be read from `_source`: mapped, and not just an alias of a field found here.
   * A field the `owner` layout names as its own is real (the table never names an alias of its own):
   * ECS's `service.name` beside Elastic OTel's passthrough leaf of that name.
   */
  readable(field: string, owner?: LayoutSignature): boolean {
    return this.mapped(field) && (!!owner || this.seen(field) || !this.aliasIn(field, this.layouts));
  }

  /**
   * The field, or its `.keyword` sub-field, as mapped in one of the families (dynamic mapping gives
   * strings text with a keyword sub-field), or undefined.
   */
  typedField(field: string, families: readonly TypeFamily[]): string | undefined {
    return [field, `${field}.keyword`].find((f) => this.catalog.hasFamily(f, families));
  }

  typesText(field: string): string {
    return this.catalog.types(field).join(', ');
  }
}

/** How many of a layout's mark groups an index shows, by its sampled lines or the answer's index lists. */
function marksIn(reading: LayoutReading, index: string, layout: LayoutSignature): number {
  const shows = (field: string) =>
    reading.sample.indicesWith(field).includes(index) ||
    (!!reading.catalog.indicesOf(field)?.includes(index) && !reading.aliasIn(field, reading.layouts));
  return layout.marks.filter((group) => group.some(shows)).length;
}

function placeIndices(reading: LayoutReading): { placed: Map<LayoutSignature, string[]>; unplaced: string[] } {
  const placed = new Map(reading.layouts.map((layout) => [layout, [] as string[]]));
  const unplaced: string[] = [];
  for (const index of reading.catalog.indices) {
    if (reading.layouts.length === 1) {
      placed.get(reading.layouts[0])!.push(index);
      continue;
    }
    const scores = reading.layouts.map(
      (layout) => 2 * marksIn(reading, index, layout) + +!!layout.indexNames?.test(index)
    );
    const best = Math.max(0, ...scores);
    if (best === 0) {
      unplaced.push(index);
    } else {
      placed.get(reading.layouts[scores.indexOf(best)])!.push(index);
    }
  }
  return { placed, unplaced };
}

function layoutEvidence(reading: LayoutReading, layout: LayoutSignature, indices: readonly string[]): string {
  const marks = layout.marks.map((group) => group.find((f) => reading.mapped(f))!);
  const lines = layout.marks.flat().reduce((most, f) => Math.max(most, reading.sample.linesWith(f, indices)), 0);
  return [
    `${marks.map((f) => `"${f}" (${reading.typesText(f)})`).join(' and ')} in the field caps`,
    ...(lines ? [`${lines} of ${reading.sample.size} sampled lines carry them`] : []),
  ].join('; ');
}

function fieldProposal(
  reading: LayoutReading,
  setting: FieldSetting,
  main: LayoutSignature | undefined
): SettingProposal | { setting: FieldSetting; reason: string } {
  const rule = FIELD_SETTING_RULES[setting];
  const own = main?.fields[setting] ?? [];
  const names = [...new Set([...own, ...GENERIC_FIELDS[setting]])];
  const candidates = names.filter((f) =>
    rule.fromSource ? reading.readable(f, own.includes(f) ? main : undefined) : reading.mapped(f)
  );
  const typed = candidates.find((f) => reading.typedField(f, rule.families));
  const base = typed ?? candidates[0];
  if (base === undefined) {
    return { setting, reason: `none of ${quote(names)} is mapped` };
  }
  const field = typed ? reading.typedField(typed, rule.families)! : base;
  const whose = own.includes(base) ? `${main!.name}' ${rule.label}` : `a common name for the ${rule.label}`;
  const parts = [
    field === base
      ? `"${field}" (${reading.typesText(field)}) is mapped: ${whose}`
      : `"${field}" (${reading.typesText(field)}) is mapped: the keyword sub-field of "${base}" (${reading.typesText(base)}), ${whose}`,
  ];
  let confidence: Confidence = !typed ? 'low' : own.includes(base) ? 'high' : 'medium';
  if (!typed) {
    parts.push(`it is not mapped as ${rule.families.join(' or ')}`);
  }
  if (setting === 'messageField' && reading.sample.size > 0) {
    const lines = reading.sample.linesWith(field);
    parts.push(`${lines} of ${reading.sample.size} sampled lines carry it`);
    if (lines === 0 && confidence === 'high') {
      confidence = 'medium';
    }
  }
  return { setting, value: field, reason: parts.join('; '), confidence };
}

/** Session ids are searched by term and aggregated: keywords, or numbers (OpenReplay's digit ids). */
const SESSION_FAMILIES: readonly TypeFamily[] = ['keyword', 'number'];

/** The session id fields of the tools' names found here, the most sampled (in the main layout's indices, then anywhere) first. */
function sessionFieldsProposal(
  reading: LayoutReading,
  mainIndices: readonly string[] | undefined
): {
  proposal?: SettingProposal;
  notes: string[];
  reason?: string;
} {
  const candidates = SESSION_ID_PREFIXES.flatMap(({ prefix, at }) =>
    SESSION_ID_NAMES.map(({ name, tool }) => ({ field: prefix + (at ? name.replace(/\./g, '@') : name), tool }))
  );
  // A text field with a keyword sub-field is searched and aggregated by the sub-field.
  const found = candidates
    .filter(({ field }) => reading.readable(field))
    .map((candidate) => ({ ...candidate, typed: reading.typedField(candidate.field, SESSION_FAMILIES) }));
  const keyword = found.filter((candidate) => candidate.typed);
  const notes = found
    .filter((candidate) => !candidate.typed)
    .map(
      ({ field }) =>
        `"${field}" may hold session ids but is mapped as ${reading.typesText(field)}: map it as keyword to search sessions in it.`
    );
  if (keyword.length === 0) {
    return {
      notes,
      reason: `no index maps a session id field by the tools' names (${quote(SESSION_ID_NAMES.map((n) => n.name))}, also under attribute prefixes) as a keyword`,
    };
  }
  const ranked = keyword
    .map(({ field, typed, tool }) => ({
      field: typed!,
      tool,
      lines: reading.sample.linesWith(field),
      mainLines: reading.sample.linesWith(field, mainIndices),
    }))
    // The first serves the aggregations (Sessions with errors): the main layout's lines decide first.
    .sort((a, b) => b.mainLines - a.mainLines || b.lines - a.lines);
  // A passthrough attribute also queries by its leaf name (Elastic's OTel streams).
  const leafOf = (field: string) => {
    const prefix = reading.layouts
      .map((layout) => layout.aliasing?.passthrough.find((p) => field.startsWith(p)))
      .find((p) => p !== undefined);
    const leaf = prefix !== undefined && field.slice(prefix.length);
    return leaf && reading.mapped(leaf) ? `, also queried as "${leaf}" through the passthrough` : '';
  };
  const reason = ranked
    .map(
      ({ field, tool, lines }) =>
        `"${field}" (${reading.typesText(field)}, ${tool}'s name${leafOf(field)}): ${lines} of ${reading.sample.size} sampled lines`
    )
    .join('; ');
  return {
    notes,
    proposal: {
      setting: 'sessionFields',
      value: ranked.map(({ field }) => field),
      reason,
      confidence: ranked[0].lines > 0 ? 'high' : 'medium',
    },
  };
}

function tagsProposal(
  reading: LayoutReading,
  messageField: string | undefined,
  haveSessionFields: boolean
): { proposal?: SettingProposal; sightings: TagSighting[]; reason?: string } {
  const sightings = messageField ? tagSightings(reading.sample, [messageField]) : [];
  const size = reading.sample.size;
  if (sightings.length) {
    return {
      sightings,
      proposal: {
        setting: 'messageTags',
        value: sightings.map((s) => s.tag),
        reason: sightings
          .map((s) => `"${s.tag}=<id>" on ${s.lines} of ${size} sampled lines, e.g. "${s.example}"`)
          .join('; '),
        confidence: 'high',
      },
    };
  }
  if (size > 0 && messageField && haveSessionFields) {
    return {
      sightings,
      proposal: {
        setting: 'messageTags',
        value: [],
        reason: `none of the ${size} sampled lines (lines with a tag's name come first) carries ${SESSION_TAG_NAMES.map((t) => `${t}=`).join(', ')} in "${messageField}"; the session fields carry the ids`,
        confidence: 'medium',
      },
    };
  }
  return {
    sightings,
    reason: size ? 'no sampled line carries a tag, and no session field was found' : 'no line was sampled',
  };
}

/**
 * Recognizes the layouts under an index pattern from its field caps and a sample of its lines, and
 * proposes every setting, each with its reason and how sure. Mixed layouts: the proposals are for
 * the one most sampled lines (then indices) show; the others are named, with their indices.
 */
export function detectLayout(evidence: LayoutEvidence): LayoutDetection {
  const reading = new LayoutReading(evidence);
  const { placed, unplaced } = placeIndices(reading);
  // Most sampled lines first, then most indices; a tie keeps the table's order (stable sort).
  const ranked = [...reading.layouts].sort(
    (a, b) =>
      reading.sample.linesIn(placed.get(b)!) - reading.sample.linesIn(placed.get(a)!) ||
      placed.get(b)!.length - placed.get(a)!.length
  );
  const main = ranked[0] as LayoutSignature | undefined;
  const proposals: SettingProposal[] = [];
  const unresolved: LayoutDetection['unresolved'] = [];
  const notes: string[] = [];
  const add = (result: SettingProposal | { setting: ProposedSettingKey; reason: string }) =>
    'value' in result ? proposals.push(result) : unresolved.push(result);

  const others = ranked.slice(1).filter((layout) => placed.get(layout)!.length > 0);
  const mainIndices = main && placed.get(main)!;
  const seenOnly = `Detection sees only the indices "${evidence.indexPattern}" matches: the data source's routes reach no others.`;
  if (main && others.length && mainIndices!.length) {
    add({
      setting: 'indexPattern',
      value: indexPatternFor(mainIndices!),
      reason: `"${evidence.indexPattern}" also holds ${others.map((l) => `${l.name} (${few(placed.get(l)!)})`).join(' and ')}, which settings for ${main.name} cannot read; this pattern keeps ${main.name} only. ${seenOnly}`,
      confidence: 'medium',
    });
    notes.push(
      ...others.map(
        (layout) =>
          `${layout.name} in ${few(placed.get(layout)!)}: add a second data source with the index pattern "${indexPatternFor(placed.get(layout)!)}" and run detection there.`
      )
    );
  } else if (main) {
    add({
      setting: 'indexPattern',
      value: evidence.indexPattern,
      reason: `every index detection could place (${mainIndices!.length} of ${reading.catalog.indices.length}) holds ${main.name}. ${seenOnly}`,
      confidence: unplaced.length ? 'medium' : 'high',
    });
  } else {
    unresolved.push({ setting: 'indexPattern', reason: `no known layout found. ${seenOnly}` });
  }

  for (const setting of FIELD_SETTINGS) {
    add(fieldProposal(reading, setting, main));
  }

  const session = sessionFieldsProposal(reading, mainIndices);
  add(session.proposal ?? { setting: 'sessionFields', reason: session.reason! });
  notes.push(...session.notes);

  const messageField = proposals.find((p) => p.setting === 'messageField')?.value as string | undefined;
  const tags = tagsProposal(reading, messageField, !!session.proposal);
  add(tags.proposal ?? { setting: 'messageTags', reason: tags.reason! });

  const details = (main?.detailFields ?? DEFAULT_SETTINGS.detailFields).filter((f) => reading.readable(f, main));
  add(
    details.length
      ? {
          setting: 'detailFields',
          value: details,
          reason: `mapped: ${quote(details)}${main ? `, ${main.name}' error and request fields` : ''}`,
          confidence: main ? 'high' : 'medium',
        }
      : {
          setting: 'detailFields',
          reason: `none of ${quote(main?.detailFields ?? DEFAULT_SETTINGS.detailFields)} is mapped`,
        }
  );

  if (unplaced.length) {
    const show = unplaced.length === 1 ? 'index shows' : 'indices show';
    notes.push(`${unplaced.length} ${show} no known layout in their fields or sampled lines: ${few(unplaced)}.`);
  }
  if (reading.sample.size === 0) {
    notes.push('No line was sampled: the proposals come from the mappings alone.');
  }
  return {
    layouts: ranked.map((layout) => ({
      id: layout.id,
      name: layout.name,
      indices: placed.get(layout)!,
      evidence: layoutEvidence(reading, layout, placed.get(layout)!),
    })),
    unplaced,
    tags: tags.sightings,
    proposals,
    unresolved,
    notes,
  };
}

/** The proposals as settings to apply. */
export function proposedSettings(detection: Pick<LayoutDetection, 'proposals'>): ProposedSettings {
  return Object.fromEntries(detection.proposals.map((p) => [p.setting, p.value])) as ProposedSettings;
}
