// Builds the preview host page's script: the real @grafana/data, @grafana/ui, @grafana/runtime,
// React and rxjs that Grafana shares with plugins, plus the host app. The plugin is NOT in it:
// the page loads dist/module.js separately, as Grafana does.
const path = require('path');

module.exports = (env = {}) => ({
  mode: env.production ? 'production' : 'development',
  devtool: false,
  context: __dirname,
  entry: { host: './host/main.tsx' },
  output: { path: path.resolve(__dirname, '../../artifacts/preview'), filename: '[name].js', clean: true },
  resolve: { extensions: ['.ts', '.tsx', '.js', '.jsx', '.mjs'] },
  module: {
    rules: [
      {
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
      { test: /\.m?js$/, resolve: { fullySpecified: false } },
      { test: /\.css$/, type: 'asset/source' },
      { test: /\.(svg|png|woff2?|ttf|eot)$/, type: 'asset/inline' },
    ],
  },
  performance: { hints: false },
  stats: 'errors-warnings',
});
