import path from 'node:path';

/**
 * Grafana's plugin-route logic, mirrored from grafana/grafana pkg/api/pluginproxy:
 * - ds_proxy.go validateRequest: the FIRST route (plugin.json order) whose method matches
 *   ("" and "*" match any) and whose cleaned path is a plain string prefix of the cleaned proxy path
 *   (strings.HasPrefix over util.CleanRelativePath: no slash boundary).
 * - ds_auth_provider.go ApplyRoute: trims route.Path off the proxy path; when route.URL is set,
 *   the interpolated URL replaces scheme and host and its path is joined with the rest; headers are
 *   interpolated Go templates over .JsonData and .SecureJsonData, set with Header.Set (replacing a
 *   basic-auth Authorization set before them; Grafana before 8.x used Header.Add).
 */

export interface PluginRoute {
  path: string;
  method?: string;
  url?: string;
  headers?: Array<{ name: string; content: string }>;
  reqRole?: string;
}

export interface TemplateData {
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
 * The subset of Go's text/template that plugin routes use: `{{ .JsonData.key }}` and
 * `{{ .SecureJsonData.key }}`. A missing map key prints "<no value>", as Go's default missingkey
 * option does. Anything else is an error, as a template Grafana could not parse would be.
 */
export function interpolateRouteTemplate(text: string, data: TemplateData): string {
  return text.replace(/\{\{-?\s*(.*?)\s*-?\}\}/g, (_whole, expression: string) => {
    const match = /^\.(JsonData|SecureJsonData)\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(expression);
    if (!match) {
      throw new Error(`could not parse template ${text}`);
    }
    const value = (data[match[1] as keyof TemplateData] as Record<string, unknown>)[match[2]];
    if (value === undefined || value === null) {
      return '<no value>';
    }
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  });
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
