import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import hostList from '../../tests/hosts/hosts.json';

/**
 * The Grafana lines the plugin is proven in (tests/hosts/hosts.json): each is a folder of that line's
 * @grafana/* packages and React, which the preview page is built against, as Grafana hands them to
 * a plugin at run time.
 */
export interface GrafanaHost {
  /** the Grafana line, e.g. "13.2" */
  line: string;
  /** the Grafana release whose packages the folder pins */
  grafana: string;
  /** the folder whose node_modules holds that release's packages, relative to the repository */
  dir: string;
  /** React's major version in that line */
  react: string;
  /** whether that Grafana shares react/jsx-runtime with plugins */
  sharesJsxRuntime: boolean;
}

const ROOT = path.resolve(__dirname, '../..');

export const HOSTS: readonly GrafanaHost[] = hostList;
export const OLDEST_HOST = HOSTS[0];
export const NEWEST_HOST = HOSTS[HOSTS.length - 1];

export function hostByLine(line: string): GrafanaHost {
  const host = HOSTS.find((h) => h.line === line);
  if (!host) {
    throw new Error(`No Grafana host "${line}": tests/hosts/hosts.json has ${HOSTS.map((h) => h.line).join(', ')}`);
  }
  return host;
}

function installedVersion(host: GrafanaHost, pkg: string): string | undefined {
  try {
    const file = path.join(ROOT, host.dir, 'node_modules', pkg, 'package.json');
    return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
  } catch {
    return undefined;
  }
}

/**
 * Fails unless the host's folder holds exactly the Grafana release it names and a React of its
 * major version: a matrix row must never silently run against other packages.
 */
export function checkHostInstalled(host: GrafanaHost): void {
  for (const pkg of ['@grafana/data', '@grafana/ui', '@grafana/runtime']) {
    const version = installedVersion(host, pkg);
    if (version !== host.grafana) {
      throw new Error(
        `Grafana ${host.line} host: ${pkg} is ${version ?? 'not installed'} in ${host.dir}, expected ${host.grafana}. Run npm run hosts:install.`
      );
    }
  }
  const react = installedVersion(host, 'react');
  if (react?.split('.')[0] !== host.react) {
    throw new Error(`Grafana ${host.line} host: react is ${react ?? 'not installed'}, expected ${host.react}.x`);
  }
}

/** Installs a host's folder from its lock file (the project's own host is installed by `npm ci`). */
export function installHost(host: GrafanaHost): void {
  if (host.dir === '.') {
    return;
  }
  console.log(`Installing the Grafana ${host.grafana} packages into ${host.dir}...`);
  const result = spawnSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: path.join(ROOT, host.dir),
    stdio: 'inherit',
  });
  if (result.status !== 0) {
    throw new Error(`npm ci in ${host.dir} failed (exit ${result.status})`);
  }
}

/** Installs the host's packages unless they are there already. */
export function ensureHostInstalled(host: GrafanaHost): void {
  try {
    checkHostInstalled(host);
  } catch {
    installHost(host);
    checkHostInstalled(host);
  }
}
