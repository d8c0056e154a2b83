/**
 * The modules Grafana shares with plugins at run time, read in grafana/grafana
 * public/app/features/plugins/loader/sharedDependencies.ts `sharedDependenciesMap`:
 * an 11.x version (static imports) and a 13.x version (lazy imports, with `/unstable` entry points,
 * the JSX runtimes and react-dom's client and server). react/jsx-runtime is shared from 11.6.11 /
 * 12.0.10 / 12.1.7 / 12.2.5 on (reference.md section 6, tests/hosts/hosts.json sharesJsxRuntime);
 * 12.4 is taken to share the 13.x list (the lazy list predates 12.4 in the history read). Grafana's
 * own `app/…` modules and jquery.flot stubs are shared too: no plugin of this project asks for them.
 */

const COMMON = [
  '@emotion/css',
  '@emotion/react',
  '@grafana/data',
  '@grafana/runtime',
  '@grafana/slate-react',
  '@grafana/ui',
  '@kusto/monaco-kusto',
  'd3',
  'emotion',
  'i18next',
  'jquery',
  'lodash',
  'moment',
  'prismjs',
  'react',
  'react-dom',
  'react-inlinesvg',
  'react-redux',
  'react-router',
  'react-router-dom',
  'redux',
  'rxjs',
  'rxjs/operators',
  'slate',
  'slate-plain-serializer',
  'slate-react',
];

const FROM_12 = [
  '@grafana/data/unstable',
  '@grafana/runtime/unstable',
  '@grafana/ui/unstable',
  'react/jsx-runtime',
  'react/jsx-dev-runtime',
  'react-dom/client',
  'react-dom/server',
];

/** The bare module names a Grafana line shares (its `app/…` modules left out). */
export function sharedModuleNames(line: string, sharesJsxRuntime: boolean): string[] {
  if (Number(line.split('.')[0]) >= 12) {
    return [...COMMON, ...FROM_12];
  }
  // 11.x patch releases from 11.6.11 on share the JSX runtime too.
  return sharesJsxRuntime ? [...COMMON, 'react/jsx-runtime'] : [...COMMON];
}
