import { LEVEL_SPELLINGS, levelFilterValues } from '../../src/query/levelSpellings';

/**
 * Error fingerprints: which lines are the same error. One algorithm, written twice on purpose: here in
 * TypeScript (tests, documentation, the bench) and in the ingest pipeline (errorFingerprintProcessors),
 * built from the same rules, so that Elasticsearch and OpenSearch and this module agree to the byte.
 *
 * 1. The message, without its session tag (bracketed or bare), with variable parts replaced (FINGERPRINT_RULES, in order):
 *    e-mail addresses, UUIDs, quoted strings, prefixed ids (ch_…), hex and base64-like ids, numbers (a unit after a
 *    number stays: `3s` → `<n>s`); spaces folded.
 * 2. The top in-app stack frame: the first `at …` frame (Java, Node) or Go function frame, else the
 *    last `File "…", in …` frame (Python, most recent call last), outside libraries; its function name.
 * 3. The fingerprint: two 32-bit string hashes (Java's String.hashCode, and the same with 131) of
 *    `error type | normalized message | frame`, in hex.
 */

/** Java regular expressions that are JavaScript ones too (no inline flags, no lookbehind). */
export const FINGERPRINT_RULES: ReadonlyArray<{ name: string; pattern: string; replacement: string }> = [
  {
    name: 'session tag',
    pattern: '\\[(asayer_session_id|openReplaySession\\.id|session_id)=[^\\]]*\\]',
    replacement: '',
  },
  // A bare tag, as OpenReplay's Go logger appends it and Faro's logfmt writes it (src/session/sessionTags.ts):
  // a whole word, the character before it kept.
  {
    name: 'bare session tag',
    pattern:
      '(^|[^A-Za-z0-9_.])(?:(?:asayer_session_id|openReplaySession\\.id)\\s*=\\s*[0-9]+|session_id\\s*=\\s*[A-Za-z0-9]+)(?![A-Za-z0-9_])',
    replacement: '$1',
  },
  { name: 'e-mail', pattern: '[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}', replacement: '<email>' },
  {
    name: 'uuid',
    pattern: '[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}',
    replacement: '<uuid>',
  },
  { name: 'quoted', pattern: '\'[^\']*\'|"[^"]*"', replacement: '<str>' },
  // Prefixed ids such as Stripe's ch_3MmlLrLk or cus_9s6XKzkNRiz8i3: a short word, `_`, letters and digits.
  {
    name: 'prefixed id',
    pattern: '\\b[A-Za-z]{1,12}_(?=[A-Za-z]*[0-9])[A-Za-z0-9]{6,}\\b',
    replacement: '<id>',
  },
  { name: 'hex', pattern: '\\b0x[0-9a-fA-F]+\\b|\\b[0-9a-fA-F]{8,}\\b', replacement: '<hex>' },
  { name: 'id', pattern: '\\b(?=[A-Za-z0-9_-]{16,}\\b)[A-Za-z0-9_-]*[0-9][A-Za-z0-9_-]*\\b', replacement: '<id>' },
  // Numbers, also with a unit after them (3s, 500ms, 2GB); not inside words (python3, v2).
  { name: 'number', pattern: '\\b[0-9]+(\\.[0-9]+)?', replacement: '<n>' },
  { name: 'spaces', pattern: '\\s+', replacement: ' ' },
  { name: 'ends', pattern: '^ | $', replacement: '' },
];

const COMPILED = FINGERPRINT_RULES.map((rule) => ({
  re: new RegExp(rule.pattern, 'g'),
  replacement: rule.replacement,
}));

export function normalizeErrorMessage(message: string): string {
  return COMPILED.reduce((text, { re, replacement }) => text.replace(re, replacement), message);
}

const LIBRARY_MARKS = ['node_modules', 'site-packages', 'dist-packages', '/usr/lib/', '<frozen '];
const LIBRARY_STARTS = [
  'at java.',
  'at javax.',
  'at jdk.',
  'at sun.',
  'at node:',
  'at internal/',
  'runtime.',
  'panic(',
];

function isLibrary(line: string): boolean {
  return LIBRARY_MARKS.some((m) => line.includes(m)) || LIBRARY_STARTS.some((s) => line.startsWith(s));
}

/** The function name of the top in-app frame of a stack trace, or '' (the painless twin: TOP_FRAME_PAINLESS). */
export function topInAppFrame(stack: string): string {
  const lines = stack.split('\n');
  let python = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line || isLibrary(line)) {
      continue;
    }
    if (line.startsWith('at ')) {
      const frame = line.substring(3);
      const paren = frame.indexOf(' (') >= 0 ? frame.indexOf(' (') : frame.indexOf('(');
      return paren > 0 ? frame.substring(0, paren) : frame;
    }
    if (line.startsWith('File "')) {
      const at = line.indexOf(', in ');
      python = at > 0 ? line.substring(at + 5) : line;
      continue;
    }
    const next = i + 1 < lines.length ? lines[i + 1] : '';
    if (next.startsWith('\t') && next.includes('.go:') && !line.startsWith('goroutine ')) {
      const paren = line.lastIndexOf('(');
      return paren > 0 ? line.substring(0, paren) : line;
    }
  }
  return python;
}

/** Java's String.hashCode over UTF-16 units, with a chosen multiplier (31 is Java's own). */
export function javaStringHash(text: string, multiplier = 31): number {
  let hash = 0;
  for (let i = 0; i < text.length; i++) {
    hash = (Math.imul(multiplier, hash) + text.charCodeAt(i)) | 0;
  }
  return hash;
}

/**
 * The 53-bit hash of a session or user id that the pipeline writes (identityHashProcessor): two
 * Java string hashes, 21 bits of one above 32 of the other, so the value is exact as a JSON number.
 */
export function identityHash(text: string): number {
  return (javaStringHash(text) & 0x1fffff) * 2 ** 32 + (javaStringHash(text, 131) >>> 0);
}

/** Integer.toHexString: the unsigned hexadecimal form of a 32-bit int. */
function toHex(value: number): string {
  return (value >>> 0).toString(16);
}

export interface ErrorFingerprint {
  fingerprint: string;
  groupMessage: string;
}

export function errorFingerprint(error: { type?: string; message: string; stack?: string }): ErrorFingerprint {
  const groupMessage = normalizeErrorMessage(error.message);
  const basis = `${error.type ?? ''}|${groupMessage}|${topInAppFrame(error.stack ?? '')}`;
  return { groupMessage, fingerprint: `${toHex(javaStringHash(basis))}${toHex(javaStringHash(basis, 131))}` };
}

/**
 * Painless: a field of a document by its dotted path, however the shipper split the path into
 * objects and dotted keys (`attributes: { "session.id": … }`, as OTel exporters write attributes),
 * in sourceFieldReader's order (src/response/sourceFields.ts): the whole rest as one key, then each
 * split from the shortest first key. Declared once at the top of each script that reads fields; it
 * calls no method (Map and List reads by brackets), so it needs nothing of either engine's allow-list.
 */
export const PAINLESS_FIELD_READER = `def sreField(def v, def parts, int i, int n) {
  if (!(v instanceof Map)) { return null; }
  String whole = parts[i];
  for (int k = i + 1; k < n; k++) { whole = whole + '.' + parts[k]; }
  def found = v[whole];
  if (found != null) { return found; }
  String key = null;
  for (int k = i; k < n - 1; k++) {
    key = key == null ? parts[k] : key + '.' + parts[k];
    found = sreField(v[key], parts, k + 1, n);
    if (found != null) { return found; }
  }
  return null;
}`;

/** The body of a painless function of ctx reading one field (PAINLESS_FIELD_READER must be declared). */
function painlessField(path: string): string {
  const parts = path.split('.');
  return `{ return sreField(ctx, ${JSON.stringify(parts)}, 0, ${parts.length}); }`;
}

/**
 * Where the layouts keep an error's type and stack (src/layout/layouts.ts): ECS's `error.*`, then
 * OTel's exception attributes as shippers write them (top level, under `attributes`, Data Prepper's
 * `log.attributes` with `@` for dots). The first that a line has is the one fingerprinted.
 */
export const EXCEPTION_FIELDS = {
  type: ['error.type', 'exception.type', 'attributes.exception.type', 'log.attributes.exception@type'],
  stack: [
    'error.stack_trace',
    'exception.stacktrace',
    'attributes.exception.stacktrace',
    'log.attributes.exception@stacktrace',
  ],
} as const;

/** A painless function of ctx: the first of `paths` that a document has (PAINLESS_FIELD_READER declared). */
function painlessFirstField(name: string, paths: readonly string[]): string {
  const reads = paths.map((path) => {
    const parts = path.split('.');
    return `v = sreField(ctx, ${JSON.stringify(parts)}, 0, ${parts.length}); if (v != null) { return v; }`;
  });
  return `def ${name}(def ctx) { def v = null; ${reads.join(' ')} return null; }`;
}

/** The spellings of warning and the levels above it, from the plugin's own table. */
const LEVELS_AT_LEAST_WARNING = [...LEVEL_SPELLINGS.warning, ...LEVEL_SPELLINGS.error, ...LEVEL_SPELLINGS.critical];

/** The values a level field holds at warning level or above, in the cases loggers write (and pino's numbers). */
export function warningOrAboveValues(): string[] {
  return [...levelFilterValues(['warning', 'error', 'critical']), '40', '50', '60'];
}

/** `if` condition: the line is at warning level or above (the spellings and pino numbers toLogLevel knows). */
export function warningOrAbovePainless(levelField: string): string {
  return `${PAINLESS_FIELD_READER}
def readLevel(def ctx) ${painlessField(levelField)}
def lv = readLevel(ctx); if (lv == null) { return false; }
if (lv instanceof Number) { return lv.doubleValue() >= 40; }
String s = lv.toString().trim().toLowerCase();
if (s.length() > 0 && Character.isDigit(s.charAt(0))) { try { return Double.parseDouble(s) >= 40; } catch (NumberFormatException e) { return false; } }
return ${JSON.stringify(LEVELS_AT_LEAST_WARNING)}.contains(s);`;
}

/** The painless twin of topInAppFrame, from the same library lists. */
const TOP_FRAME_PAINLESS = `boolean isLib(String l) { for (def m : ${JSON.stringify(LIBRARY_MARKS)}) { if (l.contains(m)) { return true; } } for (def s : ${JSON.stringify(LIBRARY_STARTS)}) { if (l.startsWith(s)) { return true; } } return false; }
String topFrame(String stack) {
  String[] lines = stack.splitOnToken(String.valueOf((char) 10));
  String python = '';
  for (int i = 0; i < lines.length; i++) {
    String line = lines[i].trim();
    if (line.isEmpty() || isLib(line)) { continue; }
    if (line.startsWith('at ')) { String f = line.substring(3); int p = f.indexOf(' (') >= 0 ? f.indexOf(' (') : f.indexOf('('); return p > 0 ? f.substring(0, p) : f; }
    if (line.startsWith('File "')) { int a = line.indexOf(', in '); python = a > 0 ? line.substring(a + 5) : line; continue; }
    String next = i + 1 < lines.length ? lines[i + 1] : '';
    if (next.startsWith(String.valueOf((char) 9)) && next.contains('.go:') && !line.startsWith('goroutine ')) { int p = line.lastIndexOf('('); return p > 0 ? line.substring(0, p) : line; }
  }
  return python;
}`;

/**
 * A processor that writes identityHash of an id (the session or the user) into `target` on lines
 * that have a fingerprint: the hash error groups count sessions and users with. The id is read from
 * the first of `fields` that has one, as the plugin reads a line's session id from its session fields.
 */
export function identityHashProcessor(fields: readonly string[], target: string): Record<string, unknown> {
  const leaf = target.replace(/^error\./, '');
  return {
    script: {
      if: `ctx.error instanceof Map && ctx.error.fingerprint != null`,
      lang: 'painless',
      source: `${PAINLESS_FIELD_READER}
${fields.map((field, i) => `def readId${i}(def ctx) ${painlessField(field)}`).join('\n')}
def v = null;
${fields.map((_, i) => `if (v == null || v == '') { v = readId${i}(ctx); }`).join(' ')}
if (v == null || v instanceof List || v instanceof Map) { return; }
String s = v.toString(); if (s.isEmpty()) { return; }
int h1 = 0; int h2 = 0;
for (int i = 0; i < s.length(); i++) { char c = s.charAt(i); h1 = 31 * h1 + c; h2 = 131 * h2 + c; }
long high = h1 & 2097151; long low = h2 & 4294967295L;
ctx.error.${leaf} = (high << 32) | low;`,
      ignore_failure: true,
    },
  };
}

/**
 * The ingest processors: for lines at warning level or above, copy the message into
 * error.group_message, apply FINGERPRINT_RULES with gsub (a processor both engines have), then hash
 * type, normalized message and top in-app frame into error.fingerprint with a regex-free script.
 */
export function errorFingerprintProcessors(fields: { message: string; level: string }): Array<Record<string, unknown>> {
  const when = warningOrAbovePainless(fields.level);
  return [
    {
      script: {
        if: when,
        lang: 'painless',
        source: `${PAINLESS_FIELD_READER}
def readMessage(def ctx) ${painlessField(fields.message)}
${painlessFirstField('readType', EXCEPTION_FIELDS.type)}
def m = readMessage(ctx); if (!(m instanceof String)) { return; }
def type = readType(ctx);
if (ctx.error == null) { ctx.error = new HashMap(); }
if (ctx.error instanceof Map) {
  ctx.error.group_message = m;
  // An OTel exception's type where ECS's is absent: the groups' type column reads error.type.
  if (ctx.error.type == null && type instanceof String) { ctx.error.type = type; }
}`,
        ignore_failure: true,
      },
    },
    ...FINGERPRINT_RULES.map((rule) => ({
      gsub: {
        field: 'error.group_message',
        pattern: rule.pattern,
        replacement: rule.replacement,
        ignore_missing: true,
        ignore_failure: true,
      },
    })),
    {
      script: {
        if: `ctx.error instanceof Map && ctx.error.group_message instanceof String`,
        lang: 'painless',
        source: `${TOP_FRAME_PAINLESS}
${PAINLESS_FIELD_READER}
${painlessFirstField('readStack', EXCEPTION_FIELDS.stack)}
def t = ctx.error.type; String type = t == null ? '' : t.toString();
def st = readStack(ctx); String stack = st instanceof String ? st : '';
String basis = type + '|' + ctx.error.group_message + '|' + topFrame(stack);
int h1 = 0; int h2 = 0;
for (int i = 0; i < basis.length(); i++) { char c = basis.charAt(i); h1 = 31 * h1 + c; h2 = 131 * h2 + c; }
ctx.error.fingerprint = Integer.toHexString(h1) + Integer.toHexString(h2);`,
        ignore_failure: true,
      },
    },
  ];
}
