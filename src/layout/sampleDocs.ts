import { SESSION_TAG_NAMES, sessionTagExtractor } from '../session/sessionTags';
import type { SessionTagName } from '../types';

/** One sampled line: the index it came from and its `_source` (only the fields the sample asked for). */
export interface SampleDoc {
  index: string;
  source: unknown;
}

/**
 * The leaf paths of a `_source` and their values, nested objects and dotted keys read alike
 * (`{"log": {"level": "x"}}` and `{"log.level": "x"}` both give `log.level`), arrays of objects
 * walked through. Nulls and empty strings are no value.
 */
export function sourceLeaves(source: unknown): Map<string, unknown[]> {
  const leaves = new Map<string, unknown[]>();
  const walk = (value: unknown, path: string) => {
    if (Array.isArray(value)) {
      value.forEach((item) => walk(item, path));
    } else if (value !== null && typeof value === 'object') {
      Object.entries(value).forEach(([key, child]) => walk(child, path ? `${path}.${key}` : key));
    } else if (path && value !== null && value !== '') {
      leaves.set(path, [...(leaves.get(path) ?? []), value]);
    }
  };
  walk(source, '');
  return leaves;
}

/** What the sample shows of each field: how many lines carry it, in which indices, and some values. */
export interface SampleSummary {
  size: number;
  /** How many sampled lines come from these indices. */
  linesIn(indices: readonly string[]): number;
  /** How many sampled lines carry the field (of the given indices only, when given). */
  linesWith(field: string, indices?: readonly string[]): number;
  /** The indices whose sampled lines carry the field. */
  indicesWith(field: string): string[];
  /** The field's string values, one a line that has one. */
  textsOf(field: string): string[];
}

export function summarizeSample(docs: readonly SampleDoc[]): SampleSummary {
  const leaves = docs.map((doc) => ({ index: doc.index, leaves: sourceLeaves(doc.source) }));
  const carrying = (field: string) => leaves.filter((doc) => doc.leaves.has(field));
  return {
    size: docs.length,
    linesIn: (indices) => docs.filter((doc) => indices.includes(doc.index)).length,
    linesWith: (field, indices) => carrying(field).filter((doc) => !indices || indices.includes(doc.index)).length,
    indicesWith: (field) => [...new Set(carrying(field).map((doc) => doc.index))],
    textsOf: (field) =>
      carrying(field).flatMap((doc) => {
        const texts = doc.leaves.get(field)!.filter((v): v is string => typeof v === 'string');
        return texts.length ? [texts.join('\n')] : [];
      }),
  };
}

/** A message tag seen in the sample: on how many lines, in which field, with one line as it reads. */
export interface TagSighting {
  tag: SessionTagName;
  lines: number;
  field: string;
  example: string;
}

const EXAMPLE_LENGTH = 120;

/**
 * The message tags the sampled lines carry, by the plugin's own extraction (sessionTags.ts), in the
 * order of SESSION_TAG_NAMES; a tag is counted in the first field that shows it.
 */
export function tagSightings(sample: SampleSummary, messageFields: readonly string[]): TagSighting[] {
  return SESSION_TAG_NAMES.flatMap((tag) => {
    const extract = sessionTagExtractor([tag]);
    for (const field of messageFields) {
      const tagged = sample.textsOf(field).filter((text) => extract(text));
      if (tagged.length) {
        const example = tagged[0].length > EXAMPLE_LENGTH ? `${tagged[0].slice(0, EXAMPLE_LENGTH)}…` : tagged[0];
        return [{ tag, lines: tagged.length, field, example }];
      }
    }
    return [];
  });
}
