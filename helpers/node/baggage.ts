/**
 * W3C Baggage (w3c/baggage, baggage/HTTP_HEADER_FORMAT.md), as far as reading a session id needs:
 * `key = value ; properties` list members, comma-separated, blanks around keys and values trimmed,
 * values percent-encoded UTF-8. Members that are not valid are skipped, as the spec allows a
 * receiver to remove them.
 */

export interface BaggageEntry {
  key: string;
  /** Percent-decoded. */
  value: string;
}

/** RFC 7230 `token`. */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** `baggage-octet`: US-ASCII without CTLs, whitespace, DQUOTE, comma, semicolon and backslash. */
const BAGGAGE_VALUE = /^[\x21\x23-\x2B\x2D-\x3A\x3C-\x5B\x5D-\x7E]*$/;
const OWS = /^[ \t]+|[ \t]+$/g;

/** The valid list members of a `baggage` header (several headers joined by commas are one list). */
export function parseBaggage(header: string): BaggageEntry[] {
  const entries: BaggageEntry[] = [];
  for (const raw of header.split(',')) {
    const [pair] = raw.split(';');
    const equals = pair.indexOf('=');
    if (equals < 0) {
      continue;
    }
    const key = pair.slice(0, equals).replace(OWS, '');
    const encoded = pair.slice(equals + 1).replace(OWS, '');
    if (!TOKEN.test(key) || !BAGGAGE_VALUE.test(encoded)) {
      continue;
    }
    try {
      entries.push({ key, value: decodeURIComponent(encoded) });
    } catch {
      // Broken percent-encoding: not a valid member.
    }
  }
  return entries;
}

/**
 * The value of `key` in a baggage header; undefined when it is absent, and when it appears more
 * than once with different values (ambiguous: refused rather than guessed).
 */
export function baggageValue(header: string, key: string): string | undefined {
  const values = new Set(parseBaggage(header).flatMap((entry) => (entry.key === key ? [entry.value] : [])));
  return values.size === 1 ? [...values][0] : undefined;
}
