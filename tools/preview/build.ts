import { spawnSync } from 'node:child_process';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status})`);
  }
}

/** Builds dist/ (the plugin, as for Grafana) and the preview host page's script. */
export function buildPreview(options: { plugin?: boolean } = {}): void {
  if (options.plugin !== false) {
    run('npx', ['webpack', '-c', './webpack.config.js', '--env', 'production']);
  }
  // Development mode: minifying @grafana/ui for a local page costs minutes and buys nothing.
  run('npx', ['webpack', '-c', './tools/preview/webpack.host.js', '--env', 'development']);
}
