/**
 * Session ids as the engine returns them. A backend may log an id as a JSON number; with a keyword
 * mapping the engine's fields API and terms keys give it back as exact text, but `_source` and a
 * numeric (`long`) mapping give a JSON number, and a 19-digit number is rounded by JSON.parse
 * (…648775 becomes …649000): such a value must never become a label, a link or a variable value.
 */
export type SessionIdText = { exact: true; id: string } | { exact: false; rounded: string };

export function sessionIdText(value: unknown): SessionIdText | undefined {
  const first = Array.isArray(value) ? value[0] : value;
  if (typeof first === 'string') {
    return first ? { exact: true, id: first } : undefined;
  }
  if (typeof first === 'bigint' || typeof first === 'boolean') {
    return { exact: true, id: first.toString() };
  }
  // Number.isFinite is true of finite numbers only: unlike the global isFinite, it does not coerce.
  if (Number.isFinite(first)) {
    const n = first as number;
    return Number.isInteger(n) && !Number.isSafeInteger(n)
      ? { exact: false, rounded: BigInt(n).toString() }
      : { exact: true, id: String(n) };
  }
  return undefined;
}

/** What a panel says when ids could not be read exactly. */
export function inexactSessionIdsNotice(count: number, field: string): string {
  return `${count} session id${count === 1 ? '' : 's'} in ${field} ${count === 1 ? 'is' : 'are'} stored as a number beyond JavaScript's exact integers (2^53), so ${count === 1 ? 'it is' : 'they are'} shown without a session id or replay link rather than rounded to another session. Map ${field} as keyword (the setup tool's index template does) or log the id as a string.`;
}
