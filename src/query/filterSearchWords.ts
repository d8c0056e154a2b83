/**
 * The words a Lucene filter searches the message for, which Grafana highlights in each line: bare
 * terms and quoted phrases without a field (the message is the default field), not negated ones,
 * not operators; wildcards are dropped from a term, regexes and ranges are left out.
 */
export function filterSearchWords(filter: string | undefined): string[] {
  const tokens = (filter ?? '').match(/[^\s"]*"(?:[^"\\]|\\.)*"|\S+/g) ?? [];
  const words: string[] = [];
  let negated = false;
  let inRange = false;
  for (const raw of tokens) {
    // Without its brackets, and without the fuzziness, proximity or boost after it (`~2`, `^3`).
    const token = raw.replace(/^[(+]+|\)+$/g, '').replace(/[~^][0-9.]*$/, '');
    // A range (`[a TO b]`, `field:{1 TO 5}`) spans tokens: none of them is a word.
    if (inRange || /^[^"]*[[{]/.test(token)) {
      inRange = !/[\]}]$/.test(token);
      continue;
    }
    if (/^(AND|OR|&&|\|\|)$/.test(token)) {
      continue;
    }
    if (token === 'NOT' || token === '!') {
      negated = true;
      continue;
    }
    const skip = negated || /^[-!]/.test(token) || /^[^"]*[^\\]:/.test(token) || /^[/[{]/.test(token);
    negated = false;
    if (skip) {
      continue;
    }
    // A quote left open (a phrase being typed) is no part of a word.
    const word =
      token.startsWith('"') && token.endsWith('"')
        ? token.slice(1, -1).replace(/\\(.)/g, '$1')
        : token.replace(/\\(.)/g, '$1').replace(/[*?~^"]/g, '');
    if (word.trim()) {
      words.push(word);
    }
  }
  return [...new Set(words)];
}
