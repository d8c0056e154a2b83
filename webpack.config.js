// Builds dist/module.js the way @grafana/create-plugin projects do: SWC-compiled TypeScript,
// bundled as an AMD module that Grafana loads with SystemJS. The packages Grafana supplies at
// run time stay external (create-plugin's .config/bundler/externals.ts).
// Plain JavaScript on purpose: create-plugin's TypeScript config fails to load through ts-node on Node 20.
const path = require('path');
const CopyWebpackPlugin = require('copy-webpack-plugin');
const pkg = require('./package.json');

const externals = [
  // Required by create-plugin for a dynamic public path; harmless where unused.
  { 'amd-module': 'module' },
  'lodash',
  'jquery',
  'moment',
  'slate',
  'emotion',
  '@emotion/react',
  '@emotion/css',
  'prismjs',
  'slate-plain-serializer',
  '@grafana/slate-react',
  'react',
  'react-dom',
  'react-redux',
  'redux',
  'rxjs',
  'i18next',
  'react-router',
  'react-router-dom',
  'd3',
  'angular',
  /^@grafana\/ui/i,
  /^@grafana\/runtime/i,
  /^@grafana\/data/i,
  // Legacy SDK imports with the "grafana/" prefix.
  ({ request }, callback) => (request?.startsWith('grafana/') ? callback(undefined, request.slice(8)) : callback()),
];
// Deliberately NOT external: react/jsx-runtime and react/jsx-dev-runtime (create-plugin lists them
// since 2026). Grafana shares them only from 11.6.11, 12.0.10, 12.1.7 and 12.2.5 on, so the plugin
// compiles JSX with the classic runtime instead (below) and needs only `react`, shared since 11.0.

module.exports = (env = {}) => ({
  mode: env.production ? 'production' : 'development',
  devtool: env.production ? 'source-map' : 'eval-source-map',
  context: path.join(__dirname, 'src'),
  entry: { module: './module.ts' },
  externals,
  output: {
    // Keeps the backend's binaries and the SDK's manifest that `npm run build:backend` wrote into dist/
    // (create-plugin's .config/webpack/webpack.config.ts, the same pattern).
    clean: { keep: new RegExp(`(.*?_(amd64|arm(64)?)(.exe)?|go_plugin_build_manifest)`) },
    filename: '[name].js',
    library: { type: 'amd' },
    path: path.resolve(__dirname, 'dist'),
    publicPath: `public/plugins/${require('./plugin.json').id}/`,
    uniqueName: require('./plugin.json').id,
  },
  resolve: { extensions: ['.ts', '.tsx', '.js', '.jsx'] },
  module: {
    rules: [
      {
        test: /\.[tj]sx?$/,
        exclude: /node_modules/,
        use: {
          loader: 'swc-loader',
          options: {
            jsc: {
              baseUrl: path.resolve(__dirname, 'src'),
              target: 'es2015',
              loose: false,
              parser: { syntax: 'typescript', tsx: true, decorators: false, dynamicImport: true },
              // The classic runtime: JSX becomes React.createElement on the `react` that Grafana
              // shares with every plugin since 11.0. The automatic runtime would need
              // react/jsx-runtime, which Grafana shares only from 11.6.11, 12.0.10, 12.1.7 and 12.2.5
              // on; bundling it instead breaks on React 19 (Grafana 13). Never the development
              // transform: its __self props make React 19 warn about an outdated JSX transform.
              transform: { react: { runtime: 'classic', development: false } },
            },
          },
        },
      },
      { test: /\.svg$/, type: 'asset/resource', generator: { filename: 'img/[name][ext]' } },
    ],
  },
  plugins: [
    new CopyWebpackPlugin({
      patterns: [
        {
          from: '../plugin.json',
          to: '.',
          transform: (content) =>
            content
              .toString()
              .replace('%VERSION%', pkg.version)
              .replace('%TODAY%', new Date().toISOString().substring(0, 10)),
        },
        { from: '../README.md', to: '.' },
        { from: '../LICENSE', to: '.' },
        { from: '../CHANGELOG.md', to: '.' },
        { from: 'img/**/*', to: '.' },
      ],
    }),
  ],
  performance: { hints: false },
});
