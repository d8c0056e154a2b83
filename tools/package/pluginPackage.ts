import AdmZip from 'adm-zip';
import { mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import {
  type ArchiveFile,
  type BackendMeta,
  backendArchiveProblems,
  backendBinaries,
  backendSourceProblems,
} from './backendRules';

/**
 * The plugin as Grafana's catalog expects it: a zip whose single top-level folder is named after
 * the plugin id and holds dist/. `checkPluginPackage` applies the rules of Grafana's plugin
 * validator (github.com/grafana/plugin-validator) that need no network: archive layout, metadata,
 * type suffix, module.js, source map, README, LICENSE, logos, screenshots, version, signature, and
 * for the backend its binaries, their modes, the Go manifest and the SDK (./backendRules.ts).
 */

export interface PackageFindings {
  errors: string[];
  warnings: string[];
}

function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full, `${prefix}${name}/`) : [`${prefix}${name}`];
  });
}

// "Version made by" (PKWARE APPNOTE 4.4.2): host 3 (Unix), so that unzip and Go's archive/zip
// (FileHeader.Mode) read the Unix mode from the external attributes; spec version 2.0.
const MADE_BY_UNIX = (3 << 8) | 20;

/**
 * Zips dist/ into <outDir>/<id>-<version>.zip with the folder <id>/ inside. The backend's binaries
 * get mode 0755 and every other file 0644, whatever the build's umask or file system left.
 */
export function packagePlugin(distDir: string, outDir: string): string {
  const meta = JSON.parse(readFileSync(path.join(distDir, 'plugin.json'), 'utf8')) as {
    id: string;
    executable?: string;
    info: { version: string };
  };
  const files = filesUnder(distDir);
  const binaries = new Set(
    meta.executable
      ? backendBinaries(
          files.map((name) => ({ name })),
          meta.executable
        ).map((f) => f.name)
      : []
  );
  const zip = new AdmZip();
  for (const file of files) {
    const mode = binaries.has(file) ? 0o755 : 0o644;
    zip.addFile(`${meta.id}/${file}`, readFileSync(path.join(distDir, file)), '', mode).header.made = MADE_BY_UNIX;
  }
  mkdirSync(outDir, { recursive: true });
  const target = path.join(outDir, `${meta.id}-${meta.info.version}.zip`);
  zip.writeZip(target);
  return target;
}

const SEMVER = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;
const TYPE_SUFFIX: Record<string, string> = { datasource: '-datasource', panel: '-panel', app: '-app' };

interface PluginMeta extends BackendMeta {
  id?: string;
  type?: string;
  name?: string;
  info?: {
    version?: string;
    updated?: string;
    author?: { name?: string };
    logos?: { small?: string; large?: string };
    screenshots?: Array<{ path?: string }>;
    links?: unknown[];
  };
  dependencies?: { grafanaDependency?: string };
}

/** Grafana shares react/jsx-runtime with plugins only from these patches of each line on. */
const JSX_RUNTIME_SHARED_FROM = ['11.6.11', '12.0.10', '12.1.7', '12.2.5'];
const JSX_RUNTIMES = ['react/jsx-runtime', 'react/jsx-dev-runtime'];

function versionParts(version: string): number[] {
  return version.split('.').map((n) => Number.parseInt(n, 10) || 0);
}

/** Whether Grafana `version` shares react/jsx-runtime (a patch of a line at or past its first sharing patch). */
export function sharesJsxRuntime(version: string): boolean {
  const [major, minor, patch] = versionParts(version);
  if (major > 12 || (major === 12 && minor >= 3)) {
    return true;
  }
  const first = JSX_RUNTIME_SHARED_FROM.map(versionParts).find(([a, b]) => a === major && b === minor);
  return first !== undefined && patch >= first[2];
}

/**
 * The runtime of module.js against the Grafana versions it claims: no React bundled (React 19 renamed
 * the internals that a bundled React 18 jsx-runtime reads, so Grafana 13 fails to load it), and no
 * shared module that the oldest claimed Grafana does not share.
 */
export function sharedModuleProblems(moduleJs: string, grafanaDependency: string): string[] {
  const problems: string[] = [];
  if (/ReactCurrentOwner|__SECRET_INTERNALS_DO_NOT_USE|__CLIENT_INTERNALS_DO_NOT_USE/.test(moduleJs)) {
    problems.push(
      'react: module.js bundles a React runtime; keep react and react/jsx-runtime external (Grafana 13 runs React 19)'
    );
  }
  const deps = /^(?:\/\*[^]*?\*\/\s*)?define\((\[[^\]]*\])/.exec(moduleJs)?.[1];
  const oldest = /^>=\s*(\d+\.\d+\.\d+)/.exec(grafanaDependency.trim())?.[1];
  if (deps && oldest && !sharesJsxRuntime(oldest)) {
    for (const dep of (JSON.parse(deps) as string[]).filter((d) => JSX_RUNTIMES.includes(d))) {
      problems.push(
        `react: module.js needs ${dep}, which Grafana ${oldest} does not share (only ${JSX_RUNTIME_SHARED_FROM.join(', ')} and later patches do): raise grafanaDependency or compile JSX with the classic runtime`
      );
    }
  }
  return problems;
}

/**
 * The findings on the zip; with `sourceDir` (the plugin's source, as the catalog submission names
 * its repository) also the rules that compare the zip with the source.
 */
export function checkPluginPackage(zipPath: string, options: { sourceDir?: string } = {}): PackageFindings {
  const errors: string[] = [];
  const warnings: string[] = [];
  const entries = new AdmZip(zipPath).getEntries().filter((e) => !e.isDirectory);
  const names = entries.map((e) => e.entryName);
  const tops = new Set(names.map((n) => n.split('/')[0]));
  if (tops.size !== 1) {
    return { errors: [`archive: expected one top-level folder, found ${[...tops].join(', ') || 'none'}`], warnings };
  }
  const [top] = tops;
  const read = (file: string) =>
    entries
      .find((e) => e.entryName === `${top}/${file}`)
      ?.getData()
      .toString('utf8');
  const raw = read('plugin.json');
  if (raw === undefined) {
    return { errors: ['metadata: plugin.json is missing'], warnings };
  }
  let meta: PluginMeta;
  try {
    meta = JSON.parse(raw) as PluginMeta;
  } catch (e) {
    return { errors: [`metadata: plugin.json is not JSON (${(e as Error).message})`], warnings };
  }
  if (meta.id !== top) {
    errors.push(`archive: the folder "${top}" must be named after the plugin id "${meta.id}"`);
  }
  for (const [field, value] of Object.entries({
    id: meta.id,
    type: meta.type,
    name: meta.name,
    'info.version': meta.info?.version,
    'info.updated': meta.info?.updated,
    'info.author.name': meta.info?.author?.name,
    'dependencies.grafanaDependency': meta.dependencies?.grafanaDependency,
  })) {
    if (!value) {
      errors.push(`metadata: ${field} is required`);
    }
  }
  if (meta.info?.version && !SEMVER.test(meta.info.version)) {
    errors.push(`version: "${meta.info.version}" is not a semantic version (a placeholder left unreplaced?)`);
  }
  if (raw.includes('%VERSION%') || raw.includes('%TODAY%')) {
    errors.push('version: plugin.json still has %VERSION% or %TODAY% placeholders');
  }
  if (meta.type && TYPE_SUFFIX[meta.type] && !meta.id?.endsWith(TYPE_SUFFIX[meta.type])) {
    errors.push(`typesuffix: a ${meta.type} plugin id must end with "${TYPE_SUFFIX[meta.type]}"`);
  }
  errors.push(...sharedModuleProblems(read('module.js') ?? '', meta.dependencies?.grafanaDependency ?? ''));
  if (!names.includes(`${top}/module.js`)) {
    errors.push('modulejs: module.js is missing');
  } else if (!names.includes(`${top}/module.js.map`)) {
    errors.push('jsmap: module.js.map is missing (the catalog reviews source maps)');
  }
  const readme = read('README.md');
  if (!readme || readme.trim().length < 200) {
    errors.push('readme: README.md is missing or empty');
  }
  if (!read('LICENSE')) {
    errors.push('license: LICENSE is missing');
  }
  for (const logo of [meta.info?.logos?.small, meta.info?.logos?.large]) {
    if (!logo) {
      errors.push('logos: info.logos.small and info.logos.large are required');
    } else if (!names.includes(`${top}/${logo}`)) {
      errors.push(`logos: ${logo} is not in the archive`);
    }
  }
  const screenshots = meta.info?.screenshots ?? [];
  if (screenshots.length === 0) {
    warnings.push('screenshots: none listed in plugin.json');
  }
  for (const shot of screenshots) {
    if (!shot.path || !names.includes(`${top}/${shot.path}`)) {
      errors.push(`screenshots: ${shot.path ?? '(no path)'} is not in the archive`);
    }
  }
  const archiveFiles: ArchiveFile[] = entries.map((e) => ({
    name: e.entryName.slice(top.length + 1),
    data: () => e.getData(),
    made: e.header.made,
    attr: e.header.attr,
  }));
  errors.push(...backendArchiveProblems(meta, archiveFiles));
  if (options.sourceDir) {
    errors.push(...backendSourceProblems(meta, archiveFiles, options.sourceDir));
  }
  if (!names.includes(`${top}/MANIFEST.txt`)) {
    warnings.push(
      'unsigned: no MANIFEST.txt; Grafana loads the plugin only with allow_loading_unsigned_plugins or after signing'
    );
  }
  return { errors, warnings };
}
