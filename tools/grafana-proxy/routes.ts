import path from 'node:path';

/**
 * Grafana's plugin-route logic, mirrored from grafana/grafana pkg/api/pluginproxy:
 * - ds_proxy.go validateRequest: the FIRST route (plugin.json order) whose method matches
 *   ("" and "*" match any) and whose cleaned path is a plain string prefix of the cleaned proxy path
 *   (strings.HasPrefix over util.CleanRelativePath: no slash boundary).
 * - ds_auth_provider.go ApplyRoute: trims route.Path off the RAW proxy path; when route.URL is set,
 *   the interpolated URL replaces scheme and host and its path is joined with the rest (`..` kept);
 *   an error interpolating or parsing the URL returns at once, so the request goes to the data source
 *   URL without the route's headers; headers are interpolated Go templates over .URL, .JsonData and
 *   .SecureJsonData, set with Header.Set (replacing a basic-auth Authorization set before them).
 */

export interface PluginRoute {
  path: string;
  method?: string;
  url?: string;
  headers?: Array<{ name: string; content: string }>;
  reqRole?: string;
  reqAction?: string;
}

export interface TemplateData {
  /** The data source URL (ds_proxy.go passes ds.URL to ApplyRoute, Grafana 10.4+). */
  URL: string;
  JsonData: Record<string, unknown>;
  SecureJsonData: Record<string, string>;
}

/** util.CleanRelativePath: path.Clean of "/"+p, without the leading slash. */
export function cleanRelativePath(p: string): string {
  const cleaned = path.posix.normalize(`/${p}`).replace(/\/+$/, '');
  return cleaned.replace(/^\/+/, '');
}

export function matchRoute(routes: PluginRoute[], proxyPath: string, method: string): PluginRoute | undefined {
  const r1 = cleanRelativePath(proxyPath);
  return routes.find((route) => {
    if (route.method && route.method !== '*' && route.method !== method) {
      return false;
    }
    return r1.startsWith(cleanRelativePath(route.path));
  });
}

/**
 * The subset of Go's text/template that plugin routes use (Grafana pkg/api/pluginproxy/utils.go
 * interpolateString: template.New("content").Parse, then Execute over templateData):
 * `{{ .URL }}`, `{{ .JsonData.key }}`, `{{ .SecureJsonData.key }}`, and `{{ with <field> }}…{{ . }}…{{ end }}`.
 * A missing map key prints "<no value>" (Go's default missingkey option) and makes `with` skip its
 * body. Values are printed as they are, never URL-escaped. Anything else throws, as a template Grafana
 * cannot parse or execute fails.
 */
export function interpolateRouteTemplate(text: string, data: TemplateData): string {
  const tokens = text.split(/(\{\{-?\s*.*?\s*-?\}\})/);
  let out = '';
  // The value of `.` inside each open `with`, innermost last; `undefined` for a skipped body.
  const dots: Array<{ value: unknown; skip: boolean }> = [];
  const skipping = () => dots.some((d) => d.skip);
  for (const token of tokens) {
    const action = /^\{\{-?\s*(.*?)\s*-?\}\}$/.exec(token);
    if (!action) {
      out += skipping() ? '' : token;
      continue;
    }
    const expression = action[1];
    const withMatch = /^with\s+(\S+)$/.exec(expression);
    if (withMatch) {
      const value = skipping() ? undefined : fieldValue(withMatch[1], data, text, dots);
      dots.push({ value, skip: skipping() || !truthy(value) });
      continue;
    }
    if (expression === 'end') {
      if (!dots.pop()) {
        throw new Error(`could not parse template ${text}`);
      }
      continue;
    }
    const value = fieldValue(expression, data, text, dots);
    if (!skipping()) {
      out += value === undefined || value === null ? '<no value>' : printed(value);
    }
  }
  if (dots.length) {
    throw new Error(`could not parse template ${text}`);
  }
  return out;
}

function fieldValue(expression: string, data: TemplateData, text: string, dots: Array<{ value: unknown }>): unknown {
  if (expression === '.') {
    if (!dots.length) {
      throw new Error(`could not parse template ${text}`);
    }
    return dots[dots.length - 1].value;
  }
  if (expression === '.URL') {
    return data.URL;
  }
  const match = /^\.(JsonData|SecureJsonData)\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(expression);
  if (!match) {
    throw new Error(`could not parse template ${text}`);
  }
  return (data[match[1] as 'JsonData' | 'SecureJsonData'] as Record<string, unknown>)[match[2]];
}

/** Go's truth: false, 0, "", nil and empty collections are false. */
function truthy(value: unknown): boolean {
  if (value === undefined || value === null || value === false || value === 0 || value === '') {
    return false;
  }
  if (Array.isArray(value)) {
    return value.length > 0;
  }
  return typeof value !== 'object' || Object.keys(value).length > 0;
}

/** fmt's default formatting of JSON values as Go decodes them (arrays as [a b], maps as map[k:v]). */
function printed(value: unknown): string {
  if (Array.isArray(value)) {
    return `[${value.map(printed).join(' ')}]`;
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1));
    return `map[${entries.map(([k, v]) => `${k}:${printed(v)}`).join(' ')}]`;
  }
  return String(value);
}

/** util.JoinURLFragments. */
export function joinUrlFragments(a: string, b: string): string {
  if (b.length === 0) {
    return a;
  }
  const aSlash = a.endsWith('/');
  const bSlash = b.startsWith('/');
  if (aSlash && bSlash) {
    return a + b.slice(1);
  }
  if (!aSlash && !bSlash) {
    return `${a}/${b}`;
  }
  return a + b;
}

/**
 * net/url's URL.EscapedPath for a Path that ApplyRoute set (its stale RawPath no longer matches):
 * every byte escaped but the unreserved ones and `$&+,/:;=@` (shouldEscape, encodePath mode). The
 * raw proxy path went into Path still encoded, so a `%` becomes `%25`; `..` and `/` pass as they are.
 */
export function goEscapedPath(path: string): string {
  return Array.from(new TextEncoder().encode(path), (b) => {
    const c = String.fromCharCode(b);
    return /[A-Za-z0-9\-_.~$&+,/:;=@]/.test(c) ? c : `%${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
}
