import '../node/browserGlobals';
import { findHighlightChunksInText } from '@grafana/data';
import { highlightedTexts, highlightParts } from './highlight';

// The host's own findHighlightChunksInText (@grafana/data), as the Logs panel calls it. Cases after
// grafana/grafana packages/grafana-data/src/text/text.test.ts (findMatchesInText, parseFlags).
const words = (entry: string, searchWords: string[]) =>
  highlightedTexts(findHighlightChunksInText, { entry, searchWords });

describe('highlighting as Grafana reads search words', () => {
  it('gets no matches when the search or the line is empty', () => {
    expect(words('', [''])).toEqual([]);
    expect(words('foo', [''])).toEqual([]);
    expect(words('', ['foo'])).toEqual([]);
  });

  it('gets matches for a matched search string, each occurrence', () => {
    expect(words(' foo foo bar ', ['foo'])).toEqual(['foo', 'foo']);
  });

  it('reads each word as a regular expression', () => {
    expect(words('foo bar baz', ['foo|ba.'])).toEqual(['foo', 'bar', 'baz']);
    // A "." matches any character: a literal word with a dot must be escaped by whoever sends it.
    expect(words('v1x2 v1.2', ['v1.2'])).toEqual(['v1x2', 'v1.2']);
    expect(words('v1x2 v1.2', ['v1\\.2'])).toEqual(['v1.2']);
  });

  it('is case-sensitive unless the word starts with (?i)', () => {
    expect(words('Payment Declined', ['declined'])).toEqual([]);
    expect(words('Payment Declined', ['(?i)declined'])).toEqual(['Declined']);
  });

  it('cuts an unclosed trailing group and highlights nothing for an invalid expression', () => {
    // cleanNeedle cuts `(`, `[` or `{` followed by word characters to the end, a user still typing.
    expect(words('total (net', ['total (ne'])).toEqual(['total ']);
    expect(words('total (net', ['total ('])).toEqual([]);
    expect(words('a+b', ['+b'])).toEqual([]);
  });

  it('splits a line into plain and highlighted parts', () => {
    expect(highlightParts(findHighlightChunksInText, 'a Declined b', ['Declined'])).toEqual([
      { text: 'a ', highlight: false },
      { text: 'Declined', highlight: true },
      { text: ' b', highlight: false },
    ]);
  });
});
