// Builds the preview host page's script for one Grafana line (`--env host=13.2`, default the
// project's own packages): that line's @grafana/data, @grafana/ui, @grafana/runtime, React, rxjs and
// emotion, plus the host app. The plugin is NOT in it: the page loads dist/module.js separately, as
// Grafana does, and shares with it exactly what that Grafana line shares.
const path = require('path');
const webpack = require('webpack');
const hosts = require('../../tests/hosts/hosts.json');

const { existsSync } = require('fs');

const ROOT = path.resolve(__dirname, '../..');
const UI_UNSTABLE = '@grafana/ui/dist/esm/unstable.mjs';
// The entry points of the packages a Grafana line provides that code outside the host folder (the
// host app, the proxy stand-in's backendSrv) imports: aliased exactly to the host folder's copy.
// Imports from inside the host's own packages resolve there anyway, so one React serves the page.
const HOST_ENTRY_POINTS = [
  'react',
  'react/jsx-runtime',
  'react/jsx-dev-runtime',
  'react-dom',
  'react-dom/client',
  '@grafana/data',
  '@grafana/ui',
  '@grafana/runtime',
  'rxjs',
  '@emotion/css',
  'uplot/dist/uPlot.min.css',
];

module.exports = (env = {}) => {
  const host = hosts.find((h) => h.line === (env.host ?? '12.4'));
  if (!host) {
    throw new Error(`Unknown Grafana host ${env.host}: see tests/hosts/hosts.json`);
  }
  const modules = path.join(ROOT, host.dir, 'node_modules');
  return {
    name: host.line,
    mode: env.production ? 'production' : 'development',
    devtool: false,
    context: __dirname,
    entry: { host: './host/main.tsx' },
    output: { path: path.join(ROOT, 'artifacts/preview', host.line), filename: '[name].js', clean: true },
    resolve: {
      extensions: ['.ts', '.tsx', '.js', '.jsx', '.mjs'],
      // A folder alias resolves through the package's `module` field, the build its own imports use.
      alias: {
        ...Object.fromEntries(HOST_ENTRY_POINTS.map((name) => [`${name}$`, path.join(modules, name)])),
        // @grafana/ui's unstable entry (TableNG, 12.x on), or nothing where this line has none.
        '@grafana/ui/unstable$': existsSync(path.join(modules, UI_UNSTABLE))
          ? path.join(modules, UI_UNSTABLE)
          : path.join(__dirname, 'host/dashboard/noUnstableEntry.ts'),
      },
    },
    module: {
      rules: [
        {
          // The host stands in for Grafana, which compiles with the automatic JSX runtime (the plugin
          // itself uses the classic one: see webpack.config.js).
          test: /\.[tj]sx?$/,
          exclude: /node_modules/,
          use: {
            loader: 'swc-loader',
            options: {
              jsc: {
                target: 'es2020',
                parser: { syntax: 'typescript', tsx: true },
                transform: { react: { runtime: 'automatic' } },
              },
            },
          },
        },
        // @grafana/ui's ESM build is .mjs; webpack reads .mjs with Node's strict CommonJS interop, where a
        // default import of a CommonJS package (react-custom-scrollbars-2 in CustomScrollbar) is the
        // whole exports object. Grafana compiles the same imports from TypeScript, with `__esModule`
        // interop: `javascript/auto` gives that.
        { test: /\.m?js$/, resolve: { fullySpecified: false }, type: 'javascript/auto' },
        { test: /\.css$/, use: path.join(__dirname, 'styleTagLoader.js') },
        { test: /\.(svg|png|woff2?|ttf|eot)$/, type: 'asset/inline' },
      ],
    },
    plugins: [new webpack.DefinePlugin({ SRE_HOST: JSON.stringify(host) })],
    performance: { hints: false },
    // Quiet: only errors reach the log (warnings of third-party packages are not ours to fix).
    stats: 'errors-only',
    infrastructureLogging: { level: 'error' },
  };
};
