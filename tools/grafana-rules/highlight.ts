import type { LogRow } from './logRows';

/**
 * How Grafana highlights a log line's search words, read in grafana/grafana:
 * - the words: logsModel.ts, `meta.custom.searchWords ?? meta.searchWords ?? []` of the frame
 *   (see logRows.ts);
 * - 11.0 public/app/features/logs/components/LogRowMessage.tsx: react-highlight-words with
 *   `findChunks={findHighlightChunksInText}` from @grafana/data
 *   (packages/grafana-data/src/text/text.ts): each word is a regular expression, a trailing
 *   unclosed `(`, `[` or `{` group is cut off (cleanNeedle), `(?i)` and other inline flags become
 *   RegExp flags (parseFlags), so matching is case-sensitive unless the word starts with `(?i)`;
 *   a word that is still not a valid expression highlights nothing;
 * - 12.x/13.x components/panel/grammar.ts `generateTextMatchGrammar`: the same cleanNeedle and
 *   parseFlags, `new RegExp(\`(?:${cleaned})\`, flags)` (read without a try around it).
 * The rule takes the host's own findHighlightChunksInText, so it runs each line's real code.
 */

export interface HighlightChunk {
  start: number;
  end: number;
}

export type FindHighlightChunks = (options: {
  searchWords: Array<string | RegExp>;
  textToHighlight: string;
}) => HighlightChunk[];

/** The highlighted parts of a row's line, in order, as text. */
export function highlightedTexts(find: FindHighlightChunks, row: Pick<LogRow, 'entry' | 'searchWords'>): string[] {
  return find({ searchWords: row.searchWords, textToHighlight: row.entry })
    .slice()
    .sort((a, b) => a.start - b.start)
    .map((chunk) => row.entry.slice(chunk.start, chunk.end));
}

/** The line cut into plain and highlighted parts, overlapping chunks merged, for drawing. */
export function highlightParts(
  find: FindHighlightChunks,
  text: string,
  searchWords: string[]
): Array<{ text: string; highlight: boolean }> {
  const chunks = find({ searchWords, textToHighlight: text })
    .filter((c) => c.end > c.start)
    .sort((a, b) => a.start - b.start);
  const parts: Array<{ text: string; highlight: boolean }> = [];
  let at = 0;
  for (const chunk of chunks) {
    const start = Math.max(chunk.start, at);
    if (chunk.end <= start) {
      continue;
    }
    if (start > at) {
      parts.push({ text: text.slice(at, start), highlight: false });
    }
    parts.push({ text: text.slice(start, chunk.end), highlight: true });
    at = chunk.end;
  }
  if (at < text.length) {
    parts.push({ text: text.slice(at), highlight: false });
  }
  return parts;
}
