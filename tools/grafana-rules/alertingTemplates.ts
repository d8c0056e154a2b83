/**
 * Grafana's alerting templates are Go text/template. No JavaScript library parses Go templates as Go
 * does (@ctrl/golang-template knows fields and if/with only), so this is a checker for the subset of
 * the language that notification and annotation templates use, written from Go's text/template
 * (src/text/template/parse: lex.go, parse.go; exec.go; funcs.go) and from what Grafana hands a
 * template:
 * - lexing: actions between `{{` and `}}`; `{{- ` and ` -}}` trim markers; comments are `{{/* … *\/}}`
 *   alone in their action; strings ("…" with escapes, `…` raw) may hold `}}`;
 * - structure: if/with/range … [else [if|with …]] … end, `define "name"` at the top level only, no
 *   name defined twice in one text, `template "name" [pipeline]`, `block`, break/continue in range;
 * - variables: `$` and the ones declared (`$x :=`, `range $i, $e :=`) in an enclosing control
 *   structure, plus the ones the host declares; functions: Go's builtins (funcs.go `builtins`) and the
 *   ones the caller names, as Parse fails on any other ("function %q not defined");
 * - fields, walked with the type of dot (exec.go: range sets dot to the element, with to the value):
 *   a field a struct lacks fails at execution ("can't evaluate field"), a map key is a lookup.
 * The walk records which labels, annotations and `$values` entries a template reads.
 */

/** Go text/template's predefined functions (src/text/template/funcs.go, builtins). */
export const GO_TEMPLATE_BUILTINS = [
  'and',
  'call',
  'html',
  'index',
  'slice',
  'js',
  'len',
  'not',
  'or',
  'print',
  'printf',
  'println',
  'urlquery',
  'eq',
  'ge',
  'gt',
  'le',
  'lt',
  'ne',
];

/** The type of a value as the walk knows it. A map's keys are what a template reads from it. */
export type ValueType =
  | { kind: 'unknown' }
  | { kind: 'scalar'; name: string }
  | { kind: 'struct'; name: string; fields: Record<string, () => ValueType> }
  | { kind: 'slice'; name: string; element: () => ValueType; methods: Record<string, () => ValueType> }
  | { kind: 'map'; name: string; keysAre: 'labels' | 'annotations' | 'values'; element: () => ValueType };

const UNKNOWN: ValueType = { kind: 'unknown' };
const STRING: ValueType = { kind: 'scalar', name: 'string' };
const NUMBER: ValueType = { kind: 'scalar', name: 'number' };

/** prometheus/alertmanager template/template.go: KV is map[string]string with these methods. */
const KV_METHODS = ['SortedPairs', 'Remove', 'Names', 'Values'];

function kv(keysAre: 'labels' | 'annotations'): ValueType {
  return { kind: 'map', name: 'KV', keysAre, element: () => STRING };
}

/**
 * What a notification template's dot is: grafana/alerting templates/template_data.go ExtendedData,
 * its Alerts (ExtendedAlerts, with Firing and Resolved) and each ExtendedAlert.
 */
export const NOTIFICATION_DATA: ValueType = {
  kind: 'struct',
  name: 'ExtendedData',
  fields: {
    Receiver: () => STRING,
    Status: () => STRING,
    Alerts: () => EXTENDED_ALERTS,
    GroupLabels: () => kv('labels'),
    CommonLabels: () => kv('labels'),
    CommonAnnotations: () => kv('annotations'),
    ExternalURL: () => STRING,
    GroupKey: () => STRING,
    TruncatedAlerts: () => NUMBER,
    Vars: () => UNKNOWN,
  },
};

const EXTENDED_ALERT: ValueType = {
  kind: 'struct',
  name: 'ExtendedAlert',
  fields: {
    Status: () => STRING,
    Labels: () => kv('labels'),
    Annotations: () => kv('annotations'),
    StartsAt: () => UNKNOWN,
    EndsAt: () => UNKNOWN,
    GeneratorURL: () => STRING,
    Fingerprint: () => STRING,
    SilenceURL: () => STRING,
    DashboardURL: () => STRING,
    PanelURL: () => STRING,
    Values: () => ({ kind: 'map', name: 'map[string]float64', keysAre: 'values', element: () => NUMBER }),
    ValueString: () => STRING,
    ImageURL: () => STRING,
    EmbeddedImage: () => STRING,
    OrgID: () => NUMBER,
  },
};

const EXTENDED_ALERTS: ValueType = {
  kind: 'slice',
  name: 'ExtendedAlerts',
  element: () => EXTENDED_ALERT,
  methods: { Firing: () => EXTENDED_ALERTS, Resolved: () => EXTENDED_ALERTS },
};

/** pkg/services/ngalert/state/template/template.go: each `$values` entry is a Value {Labels, Value}. */
const CAPTURED_VALUE: ValueType = {
  kind: 'struct',
  name: 'Value',
  fields: { Labels: () => kv('labels'), Value: () => NUMBER },
};

const CAPTURED_VALUES: ValueType = { kind: 'map', name: 'Values', keysAre: 'values', element: () => CAPTURED_VALUE };

/**
 * What an alert rule's annotation template sees (pkg/services/ngalert/state/template/template.go
 * Expand): dot is {Labels, Values, Value}, and the text is prefixed with
 * `{{- $labels := .Labels -}}{{- $values := .Values -}}{{- $value := .Value -}}`.
 */
export const ANNOTATION_DATA: ValueType = {
  kind: 'struct',
  name: 'Data',
  fields: { Labels: () => kv('labels'), Values: () => CAPTURED_VALUES, Value: () => STRING },
};
export const ANNOTATION_VARIABLES: Record<string, ValueType> = {
  $labels: kv('labels'),
  $values: CAPTURED_VALUES,
  $value: STRING,
};

// ---------------------------------------------------------------------------------------------
// Lexing and parsing

type Token =
  | { kind: 'string'; value: string }
  | { kind: 'literal' }
  | { kind: 'identifier'; name: string }
  | { kind: 'field'; name: string }
  | { kind: 'variable'; name: string }
  | { kind: 'dot' }
  | { kind: 'declare' | 'assign' | 'pipe' | 'open' | 'close' | 'comma' };

type Operand =
  | {
      kind: 'chain';
      base: { kind: 'dot' } | { kind: 'variable'; name: string } | { kind: 'pipeline'; pipe: Pipeline };
      fields: string[];
    }
  | { kind: 'function'; name: string }
  | { kind: 'string'; value: string }
  | { kind: 'literal' };

interface Pipeline {
  declarations: string[];
  assigns: boolean;
  commands: Operand[][];
}

type TemplateNode =
  | { kind: 'action'; pipe: Pipeline }
  | { kind: 'if' | 'with' | 'range'; pipe: Pipeline; body: TemplateNode[]; otherwise: TemplateNode[] }
  | { kind: 'template'; name: string; pipe?: Pipeline };

export interface ParsedTemplate {
  /** The templates `define` and `block` name, with their bodies. */
  defines: Map<string, TemplateNode[]>;
  /** What is outside every define. */
  main: TemplateNode[];
  problems: string[];
}

const KEYWORDS = new Set(['if', 'else', 'end', 'range', 'with', 'define', 'template', 'block', 'break', 'continue']);

/** Splits one action's text into Go's tokens (lex.go lexInsideAction). */
function tokenize(text: string, problems: string[]): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '"') {
      let j = i + 1;
      let value = '';
      while (j < text.length && text[j] !== '"') {
        if (text[j] === '\\') {
          j++;
        }
        value += text[j] ?? '';
        j++;
      }
      if (j >= text.length) {
        problems.push(`unterminated quoted string in {{${text}}}`);
      }
      tokens.push({ kind: 'string', value });
      i = j + 1;
    } else if (c === '`') {
      const end = text.indexOf('`', i + 1);
      if (end < 0) {
        problems.push(`unterminated raw string in {{${text}}}`);
        return tokens;
      }
      tokens.push({ kind: 'string', value: text.slice(i + 1, end) });
      i = end + 1;
    } else if (c === "'") {
      const end = text.indexOf("'", i + 2);
      tokens.push({ kind: 'literal' });
      i = end < 0 ? text.length : end + 1;
    } else if (/[0-9]/.test(c) || ((c === '-' || c === '+') && /[0-9]/.test(text[i + 1] ?? ''))) {
      const match = /^[-+]?[0-9][0-9a-zA-Z_.+-]*/.exec(text.slice(i))!;
      tokens.push({ kind: 'literal' });
      i += match[0].length;
    } else if (c === ':' && text[i + 1] === '=') {
      tokens.push({ kind: 'declare' });
      i += 2;
    } else if (c === '=') {
      tokens.push({ kind: 'assign' });
      i++;
    } else if (c === '|') {
      tokens.push({ kind: 'pipe' });
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c === '(' ? 'open' : c === ')' ? 'close' : 'comma' });
      i++;
    } else if (c === '$') {
      const name = /^\$[A-Za-z0-9_]*/.exec(text.slice(i))![0];
      tokens.push({ kind: 'variable', name });
      i += name.length;
    } else if (c === '.') {
      const name = /^\.[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))?.[0];
      tokens.push(name ? { kind: 'field', name: name.slice(1) } : { kind: 'dot' });
      i += name ? name.length : 1;
    } else if (/[A-Za-z_]/.test(c)) {
      const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(i))![0];
      tokens.push(
        name === 'true' || name === 'false' || name === 'nil' ? { kind: 'literal' } : { kind: 'identifier', name }
      );
      i += name.length;
    } else {
      problems.push(`unexpected "${c}" in {{${text}}}`);
      i++;
    }
  }
  return tokens;
}

/** The actions and texts of a template, with trim markers and comments taken off (lex.go). */
function actionsOf(text: string, problems: string[]): string[] {
  const actions: string[] = [];
  let i = 0;
  for (;;) {
    const open = text.indexOf('{{', i);
    if (open < 0) {
      return actions;
    }
    let j = open + 2;
    if (text[j] === '-' && /\s/.test(text[j + 1] ?? '')) {
      j += 2;
    }
    let k = j;
    let quote: string | undefined;
    while (k < text.length) {
      const c = text[k];
      if (quote) {
        if (c === '\\' && quote === '"') {
          k++;
        } else if (c === quote) {
          quote = undefined;
        }
      } else if (c === '"' || c === '`') {
        quote = c;
      } else if (text.startsWith('/*', k) && k === j) {
        const end = text.indexOf('*/', k + 2);
        k = end < 0 ? text.length : end + 2;
        const after = text.slice(k).match(/^( -)?\}\}/);
        if (!after) {
          problems.push('a comment must end its action: "*/}}"');
        }
        k += after ? after[0].length : 0;
        break;
      } else if (text.startsWith('}}', k)) {
        const inner = text.slice(j, k).replace(/\s-$/, '');
        actions.push(inner.trim());
        k += 2;
        break;
      }
      k++;
    }
    if (k >= text.length && !text.slice(open).includes('}}')) {
      problems.push(`unclosed action at offset ${open}`);
      return actions;
    }
    i = k;
  }
}

class PipelineParser {
  private at = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly problems: string[],
    private readonly source: string
  ) {}

  pipeline(allowDeclaration: boolean): Pipeline {
    const pipe: Pipeline = { declarations: [], assigns: false, commands: [] };
    if (allowDeclaration) {
      // `$x :=`, `$x =`, or in range `$i, $e :=`.
      const start = this.at;
      const names: string[] = [];
      while (this.peek()?.kind === 'variable') {
        names.push((this.tokens[this.at] as { name: string }).name);
        this.at++;
        if (this.peek()?.kind === 'comma') {
          this.at++;
          continue;
        }
        break;
      }
      const next = this.peek();
      if (names.length && (next?.kind === 'declare' || next?.kind === 'assign')) {
        pipe.declarations = names;
        pipe.assigns = next.kind === 'assign';
        this.at++;
      } else {
        this.at = start;
      }
    }
    for (;;) {
      const command: Operand[] = [];
      while (this.peek() && !['pipe', 'close'].includes(this.peek()!.kind)) {
        command.push(this.operand());
      }
      if (!command.length) {
        this.problems.push(`missing command in {{${this.source}}}`);
      }
      pipe.commands.push(command);
      if (this.peek()?.kind !== 'pipe') {
        return pipe;
      }
      this.at++;
    }
  }

  done(): boolean {
    return this.at >= this.tokens.length;
  }

  private peek(): Token | undefined {
    return this.tokens[this.at];
  }

  private fields(): string[] {
    const fields: string[] = [];
    while (this.peek()?.kind === 'field') {
      fields.push((this.tokens[this.at++] as { name: string }).name);
    }
    return fields;
  }

  private operand(): Operand {
    const token = this.tokens[this.at++];
    switch (token.kind) {
      case 'dot':
        return { kind: 'chain', base: { kind: 'dot' }, fields: this.fields() };
      case 'field':
        return { kind: 'chain', base: { kind: 'dot' }, fields: [token.name, ...this.fields()] };
      case 'variable':
        return { kind: 'chain', base: { kind: 'variable', name: token.name }, fields: this.fields() };
      case 'open': {
        const pipe = this.pipeline(false);
        if (this.peek()?.kind !== 'close') {
          this.problems.push(`unclosed left paren in {{${this.source}}}`);
        }
        this.at++;
        return { kind: 'chain', base: { kind: 'pipeline', pipe }, fields: this.fields() };
      }
      case 'identifier':
        return { kind: 'function', name: token.name };
      case 'string':
        return { kind: 'string', value: token.value };
      case 'literal':
        return { kind: 'literal' };
      default:
        this.problems.push(`unexpected ${token.kind} in {{${this.source}}}`);
        return { kind: 'literal' };
    }
  }
}

interface Frame {
  kind: 'root' | 'define' | 'if' | 'with' | 'range';
  nodes: TemplateNode[];
  node?: Extract<TemplateNode, { kind: 'if' | 'with' | 'range' }>;
  defineName?: string;
  sawElse?: boolean;
  /** An `else if` opened this frame: its `end` closes the frame below as well. */
  chained?: boolean;
}

/** Parses a template text as text/template's Parse would, collecting problems instead of stopping. */
export function parseGoTemplate(text: string): ParsedTemplate {
  const problems: string[] = [];
  const defines = new Map<string, TemplateNode[]>();
  const root: Frame = { kind: 'root', nodes: [] };
  const stack: Frame[] = [root];
  const top = () => stack[stack.length - 1];
  const closeOne = (): void => {
    const frame = stack.pop()!;
    if (frame.kind === 'define') {
      if (defines.has(frame.defineName!)) {
        problems.push(`template: multiple definition of template "${frame.defineName}"`);
      }
      defines.set(frame.defineName!, frame.nodes);
    }
    if (frame.chained) {
      closeOne();
    }
  };
  const open = (kind: 'if' | 'with' | 'range', pipe: Pipeline, chained = false) => {
    const node = { kind, pipe, body: [], otherwise: [] };
    top().nodes.push(node);
    stack.push({ kind, nodes: node.body, node, chained });
  };
  for (const action of actionsOf(text, problems)) {
    const tokens = tokenize(action, problems);
    const first = tokens[0];
    const keyword = first?.kind === 'identifier' && KEYWORDS.has(first.name) ? first.name : undefined;
    const parser = new PipelineParser(tokens.slice(keyword ? 1 : 0), problems, action);
    switch (keyword) {
      case 'if':
      case 'with':
      case 'range':
        open(keyword, parser.pipeline(true));
        break;
      case 'else': {
        const frame = top();
        if (!frame.node || frame.sawElse) {
          problems.push(`unexpected {{else}}`);
          break;
        }
        frame.sawElse = true;
        frame.nodes = frame.node.otherwise;
        const chainedKind = tokens[1]?.kind === 'identifier' ? tokens[1].name : undefined;
        if (chainedKind === 'if' || chainedKind === 'with') {
          const chained = new PipelineParser(tokens.slice(2), problems, action);
          open(chainedKind, chained.pipeline(true), true);
        }
        break;
      }
      case 'end':
        if (stack.length === 1) {
          problems.push('unexpected {{end}}');
        } else {
          closeOne();
        }
        break;
      case 'define':
      case 'block': {
        const name = tokens[1]?.kind === 'string' ? tokens[1].value : undefined;
        if (name === undefined) {
          problems.push(`{{${keyword}}} needs a quoted template name`);
          break;
        }
        if (keyword === 'define' && stack.length !== 1) {
          problems.push(`{{define "${name}"}} is not at the top level`);
        }
        if (keyword === 'block') {
          const rest = new PipelineParser(tokens.slice(2), problems, action);
          top().nodes.push({ kind: 'template', name, pipe: rest.pipeline(false) });
        }
        stack.push({ kind: 'define', nodes: [], defineName: name });
        break;
      }
      case 'template': {
        const name = tokens[1]?.kind === 'string' ? tokens[1].value : undefined;
        if (name === undefined) {
          problems.push('{{template}} needs a quoted template name');
          break;
        }
        const rest = tokens.slice(2);
        top().nodes.push({
          kind: 'template',
          name,
          pipe: rest.length ? new PipelineParser(rest, problems, action).pipeline(false) : undefined,
        });
        break;
      }
      case 'break':
      case 'continue':
        if (!stack.some((f) => f.kind === 'range')) {
          problems.push(`{{${keyword}}} outside {{range}}`);
        }
        break;
      default:
        top().nodes.push({ kind: 'action', pipe: parser.pipeline(true) });
    }
    if (
      !['else', 'end', 'define', 'block', 'template', 'break', 'continue'].includes(keyword ?? '') &&
      !parser.done()
    ) {
      problems.push(`unexpected tokens after the pipeline in {{${action}}}`);
    }
  }
  if (stack.length > 1) {
    problems.push(`unexpected EOF: {{${top().kind}}} has no {{end}}`);
  }
  return { defines, main: root.nodes, problems };
}

// ---------------------------------------------------------------------------------------------
// The walk

export interface TemplateReads {
  labels: Set<string>;
  annotations: Set<string>;
  values: Set<string>;
  /** Templates invoked with {{template}}. */
  templates: Set<string>;
}

export interface WalkOptions {
  /** Functions the host adds to Go's builtins. */
  functions?: string[];
  /** Variables the host declares before the text (beyond `$`). */
  variables?: Record<string, ValueType>;
  /** Templates defined elsewhere (Grafana's defaults) that {{template}} may invoke. */
  externalTemplates?: string[];
}

function describe(type: ValueType): string {
  return type.kind === 'unknown' ? 'unknown' : type.name;
}

function field(type: ValueType, name: string, reads: TemplateReads, problems: string[]): ValueType {
  switch (type.kind) {
    case 'unknown':
      return UNKNOWN;
    case 'struct': {
      const found = type.fields[name];
      if (!found) {
        problems.push(`can't evaluate field ${name} in type ${type.name}`);
        return UNKNOWN;
      }
      return found();
    }
    case 'slice': {
      const method = type.methods[name];
      if (!method) {
        problems.push(`can't evaluate field ${name} in type ${type.name}`);
        return UNKNOWN;
      }
      return method();
    }
    case 'map':
      if (type.name === 'KV' && KV_METHODS.includes(name)) {
        return UNKNOWN;
      }
      reads[type.keysAre].add(name);
      return type.element();
    case 'scalar':
      problems.push(`can't evaluate field ${name} in type ${type.name}`);
      return UNKNOWN;
  }
}

function elementOf(type: ValueType): ValueType {
  return type.kind === 'slice' || type.kind === 'map' ? type.element() : UNKNOWN;
}

type Scope = Map<string, ValueType>;

class Walker {
  readonly reads: TemplateReads = {
    labels: new Set(),
    annotations: new Set(),
    values: new Set(),
    templates: new Set(),
  };
  readonly problems: string[] = [];
  private readonly functions: Set<string>;
  private readonly walked = new Set<string>();

  constructor(
    private readonly parsed: ParsedTemplate,
    private readonly options: WalkOptions
  ) {
    this.functions = new Set([...GO_TEMPLATE_BUILTINS, ...(options.functions ?? [])]);
  }

  walkTemplate(name: string, dot: ValueType): void {
    // Each template once per type of dot: enough to see every field it reads.
    const key = `${name}\u0000${describe(dot)}`;
    if (this.walked.has(key)) {
      return;
    }
    this.walked.add(key);
    const body = this.parsed.defines.get(name);
    if (!body) {
      if (!this.options.externalTemplates?.includes(name)) {
        this.problems.push(`template "${name}" is not defined`);
      }
      return;
    }
    this.nodes(body, dot, [this.rootScope(dot)]);
  }

  walkMain(dot: ValueType): void {
    this.nodes(this.parsed.main, dot, [this.rootScope(dot)]);
  }

  private rootScope(dot: ValueType): Scope {
    return new Map<string, ValueType>([['$', dot], ...Object.entries(this.options.variables ?? {})]);
  }

  private lookup(scopes: Scope[], name: string): ValueType | undefined {
    for (let i = scopes.length - 1; i >= 0; i--) {
      const found = scopes[i].get(name);
      if (found) {
        return found;
      }
    }
    return undefined;
  }

  private nodes(nodes: TemplateNode[], dot: ValueType, scopes: Scope[]): void {
    for (const node of nodes) {
      switch (node.kind) {
        case 'action':
          this.declare(node.pipe, this.pipeline(node.pipe, dot, scopes), scopes, false);
          break;
        case 'template':
          this.reads.templates.add(node.name);
          this.walkTemplate(node.name, node.pipe ? this.pipeline(node.pipe, dot, scopes) : UNKNOWN);
          break;
        default: {
          const inner: Scope[] = [...scopes, new Map()];
          const value = this.pipeline(node.pipe, dot, inner);
          this.declare(node.pipe, value, inner, node.kind === 'range');
          const bodyDot = node.kind === 'with' ? value : node.kind === 'range' ? elementOf(value) : dot;
          this.nodes(node.body, bodyDot, inner);
          this.nodes(node.otherwise, dot, inner);
        }
      }
    }
  }

  private declare(pipe: Pipeline, value: ValueType, scopes: Scope[], inRange: boolean): void {
    const names = pipe.declarations;
    if (!names.length) {
      return;
    }
    if (pipe.assigns) {
      for (const name of names) {
        if (!this.lookup(scopes, name)) {
          this.problems.push(`undefined variable "${name}"`);
        }
      }
      return;
    }
    if (names.length > 2 || (names.length === 2 && !inRange)) {
      this.problems.push(`too many declarations in a pipeline: ${names.join(', ')}`);
    }
    const scope = scopes[scopes.length - 1];
    if (inRange && names.length === 2) {
      scope.set(names[0], value.kind === 'map' ? STRING : NUMBER);
      scope.set(names[1], elementOf(value));
    } else {
      scope.set(names[0], inRange ? elementOf(value) : value);
    }
  }

  private pipeline(pipe: Pipeline, dot: ValueType, scopes: Scope[]): ValueType {
    let result: ValueType = UNKNOWN;
    for (const [i, command] of pipe.commands.entries()) {
      result = this.command(command, dot, scopes, i > 0);
    }
    return result;
  }

  private command(command: Operand[], dot: ValueType, scopes: Scope[], piped: boolean): ValueType {
    const [head, ...args] = command;
    if (!head) {
      return UNKNOWN;
    }
    const argTypes = args.map((a) => this.operand(a, dot, scopes));
    if (head.kind === 'function') {
      if (!this.functions.has(head.name)) {
        this.problems.push(`function "${head.name}" not defined`);
        return UNKNOWN;
      }
      if (head.name === 'len') {
        return NUMBER;
      }
      if (head.name === 'index' && !piped && argTypes[0]) {
        // index X "key": the key is read from the map, as a field would be.
        let type = argTypes[0];
        for (const key of args.slice(1)) {
          type = key.kind === 'string' ? field(type, key.value, this.reads, this.problems) : elementOf(type);
        }
        return type;
      }
      return head.name === 'urlquery' || head.name === 'print' || head.name === 'printf' ? STRING : UNKNOWN;
    }
    if (args.length) {
      // A value with arguments is a method call on it (the KV and slice methods).
      this.operand(head, dot, scopes);
      return UNKNOWN;
    }
    return this.operand(head, dot, scopes);
  }

  private operand(operand: Operand, dot: ValueType, scopes: Scope[]): ValueType {
    switch (operand.kind) {
      case 'string':
        return STRING;
      case 'literal':
        return UNKNOWN;
      case 'function':
        return this.command([operand], dot, scopes, false);
      case 'chain': {
        let type: ValueType;
        if (operand.base.kind === 'dot') {
          type = dot;
        } else if (operand.base.kind === 'variable') {
          const found = this.lookup(scopes, operand.base.name);
          if (!found) {
            this.problems.push(`undefined variable "${operand.base.name}"`);
          }
          type = found ?? UNKNOWN;
        } else {
          type = this.pipeline(operand.base.pipe, dot, scopes);
        }
        for (const name of operand.fields) {
          type = field(type, name, this.reads, this.problems);
        }
        return type;
      }
    }
  }
}

export interface NotificationTemplateCheck {
  /** The names a contact point can invoke with {{ template "name" . }}. */
  defined: string[];
  reads: TemplateReads;
  problems: string[];
}

/**
 * A provisioned notification template as Grafana validates it (pkg/services/ngalert/api/tooling/
 * definitions, NotificationTemplate.Validate): a name and content; content without `{{ define` is
 * wrapped in `{{ define "<name>" }}…{{ end }}`; then parsed. The templates no other template invokes
 * are the entry points a contact point uses, walked with the notification data as dot.
 */
export function checkNotificationTemplate(
  name: string,
  content: string,
  options: WalkOptions = {}
): NotificationTemplateCheck {
  const problems: string[] = [];
  if (!name) {
    problems.push('template must have a name');
  }
  if (!content) {
    problems.push('template must have content');
  }
  const trimmed = content.trim();
  const text = /\{\{\s*define/.test(trimmed) ? trimmed : `{{ define "${name}" }}\n${trimmed}\n{{ end }}`;
  const parsed = parseGoTemplate(text);
  const walker = new Walker(parsed, options);
  const invoked = new Set<string>();
  for (const body of parsed.defines.values()) {
    collectInvoked(body, invoked);
  }
  const defined = [...parsed.defines.keys()];
  for (const entry of defined.filter((d) => !invoked.has(d))) {
    walker.walkTemplate(entry, NOTIFICATION_DATA);
  }
  return {
    defined,
    reads: walker.reads,
    problems: [...new Set([...problems, ...parsed.problems, ...walker.problems])],
  };
}

function collectInvoked(nodes: TemplateNode[], into: Set<string>): void {
  for (const node of nodes) {
    if (node.kind === 'template') {
      into.add(node.name);
    } else if (node.kind !== 'action') {
      collectInvoked(node.body, into);
      collectInvoked(node.otherwise, into);
    }
  }
}

/** An alert rule's annotation (or label) template, as the state manager expands it. */
export function checkAnnotationTemplate(
  text: string,
  options: WalkOptions = {}
): { reads: TemplateReads; problems: string[] } {
  const parsed = parseGoTemplate(text);
  const walker = new Walker(parsed, { ...options, variables: { ...ANNOTATION_VARIABLES, ...options.variables } });
  walker.walkMain(ANNOTATION_DATA);
  return { reads: walker.reads, problems: [...new Set([...parsed.problems, ...walker.problems])] };
}
