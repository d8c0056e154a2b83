import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { checkHostInstalled, type GrafanaHost } from './hosts';

const ROOT = path.resolve(__dirname, '../..');
const PLUGIN_INPUTS = ['src', 'plugin.json', 'webpack.config.js', 'package.json', 'README.md', 'CHANGELOG.md'];

/** Runs a build quietly: its output is shown only when it fails. */
function run(command: string, args: string[]): void {
  const result = spawnSync(command, args, { cwd: ROOT, encoding: 'utf8' });
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status})`);
  }
}

function newestChange(file: string): number {
  const stat = statSync(file);
  if (!stat.isDirectory()) {
    return stat.mtimeMs;
  }
  return Math.max(stat.mtimeMs, ...readdirSync(file).map((f) => newestChange(path.join(file, f))));
}

/** Whether dist/ is older than what it is built from (so `.ci/run`'s build is reused, not repeated). */
export function pluginBuildIsStale(): boolean {
  const built = path.join(ROOT, 'dist/module.js');
  if (!existsSync(built)) {
    return true;
  }
  const builtAt = statSync(built).mtimeMs;
  return PLUGIN_INPUTS.some((input) => newestChange(path.join(ROOT, input)) > builtAt);
}

/** Builds dist/ (the plugin, as for Grafana) when stale, and the preview page once per Grafana host. */
export function buildPreview(hosts: readonly GrafanaHost[]): void {
  if (pluginBuildIsStale()) {
    run('npx', ['webpack', '-c', './webpack.config.js', '--env', 'production']);
  }
  for (const host of hosts) {
    checkHostInstalled(host);
    // Development mode: minifying @grafana/ui for a local page costs minutes and buys nothing, and
    // React's development build reports the warnings the host matrix must not see.
    run('npx', [
      'webpack',
      '-c',
      './tools/preview/webpack.host.js',
      '--env',
      `host=${host.line}`,
      '--env',
      'development',
    ]);
  }
}

/** Where the preview page for a host is built. */
export function previewBuildDir(host: GrafanaHost): string {
  return path.join(ROOT, 'artifacts/preview', host.line);
}
