import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The plugin validator's offline rules for backend plugins (github.com/grafana/plugin-validator,
 * pkg/analysis/passes/<analyzer>/<analyzer>.go, each named beside its rule), applied to the catalog
 * zip's entries and, for the rules that read the source, to the plugin's source folder.
 */

/** What a rule needs of a zip entry: its path inside the plugin folder, its bytes and its header. */
export interface ArchiveFile {
  /** Relative to the plugin folder (the folder holding plugin.json), '/'-separated. */
  name: string;
  data: () => Buffer;
  /** The central directory's "version made by" (its upper byte is the host system) and external attributes. */
  made: number;
  attr: number;
}

export interface BackendMeta {
  backend?: boolean;
  alerting?: boolean;
  executable?: string;
}

/** The platforms the plugin ships (issue #18; Magefile.go builds exactly these). */
export const SHIPPED_PLATFORMS = [
  ['linux', 'amd64'],
  ['linux', 'arm64'],
  ['darwin', 'amd64'],
  ['darwin', 'arm64'],
  ['windows', 'amd64'],
] as const;

/** The SDK's manifest of the Go sources the binaries were built from (build/common.go GenerateManifestFile). */
export const GO_MANIFEST = 'go_plugin_build_manifest';

/** The file Grafana runs on a platform: pkg/plugins/plugins.go ExecutablePath in grafana/grafana. */
export function executableFileName(executable: string, goos: string, goarch: string): string {
  return `${executable}_${goos}_${goarch.toLowerCase()}${goos === 'windows' ? '.exe' : ''}`;
}

/**
 * The archive files that the validator takes for the executable's binaries: every file whose name
 * starts with the executable's base name, in its folder or below (binarypermissions.go walks the
 * folder; backendbinary.go globs `<executable>*` in it).
 */
export function backendBinaries<T extends { name: string }>(files: T[], executable: string, recursive = true): T[] {
  const dir = path.posix.dirname(executable);
  const base = path.posix.basename(executable);
  const prefix = dir === '.' ? '' : `${dir}/`;
  return files.filter((f) => {
    if (!f.name.startsWith(prefix)) {
      return false;
    }
    const rest = f.name.slice(prefix.length);
    return (recursive || !rest.includes('/')) && path.posix.basename(rest).startsWith(base);
  });
}

// Go's archive/zip (src/archive/zip/struct.go FileHeader.Mode), which the validator's archivetool.go
// Unzip uses to create each file: a Unix or macOS host gives the Unix mode in the external
// attributes' upper half; FAT, NTFS and VFAT give 0666 (0444 when read-only), never executable.
const CREATOR_UNIX = 3;
const CREATOR_MACOSX = 19;

/** The permission bits a file gets when the validator unpacks the zip (before its umask). */
export function unpackedPermissions(file: Pick<ArchiveFile, 'made' | 'attr'>): number {
  const host = file.made >>> 8;
  if (host === CREATOR_UNIX || host === CREATOR_MACOSX) {
    return (file.attr >>> 16) & 0o777;
  }
  return file.attr & 0x01 ? 0o444 : 0o666; // MS-DOS read-only bit
}

export interface GoBuildPlatform {
  goos: string;
  goarch: string;
}

/**
 * GOOS and GOARCH from a Go binary's embedded build info, read by `go version -m -json` (Go's
 * debug/buildinfo, as backendbinary.go hasLinuxAmd64Binary reads it); a string says why not.
 */
export function goBuildPlatform(binary: Buffer): GoBuildPlatform | string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gobinary-'));
  try {
    const file = path.join(dir, 'binary');
    writeFileSync(file, binary);
    let out: string;
    try {
      out = execFileSync('go', ['version', '-m', '-json', file], { encoding: 'utf8', stdio: 'pipe' });
    } catch (e) {
      const stderr = (e as { stderr?: string }).stderr?.trim();
      return stderr ? stderr.replace(file, 'the file') : 'not a Go binary (no build info)';
    }
    const settings = (JSON.parse(out) as { Settings?: Array<{ Key: string; Value: string }> }).Settings ?? [];
    const setting = (key: string) => settings.find((s) => s.Key === key)?.Value;
    const [goos, goarch] = [setting('GOOS'), setting('GOARCH')];
    return goos && goarch ? { goos, goarch } : 'its build info names no GOOS/GOARCH';
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** backendbinary.go, binarypermissions.go, backenddebug.go and the shipped platforms. */
export function backendArchiveProblems(meta: BackendMeta, files: ArchiveFile[]): string[] {
  const problems: string[] = [];
  const executable = meta.executable ?? '';
  // backendbinary.go: backend, alerting and executable must agree.
  if (meta.alerting && !meta.backend) {
    return ['backendbinary: plugin.json declares alerting=true with backend=false'];
  }
  if (executable && !meta.backend) {
    return ['backendbinary: plugin.json declares an executable with backend=false'];
  }
  if (meta.backend && !executable) {
    return ['backendbinary: plugin.json declares backend=true without an executable'];
  }
  if (!executable) {
    return problems;
  }
  const binaries = backendBinaries(files, executable);
  const besideExecutable = backendBinaries(files, executable, false);
  if (besideExecutable.length === 0) {
    // backendbinary.go and binarypermissions.go both report it.
    return [`backendbinary: no backend binaries ${executable}* in the archive`];
  }
  // binarypermissions.go: exactly 0755 once unpacked, Windows executables aside.
  for (const binary of binaries.filter((b) => !b.name.endsWith('.exe'))) {
    const mode = unpackedPermissions(binary);
    if (mode !== 0o755) {
      problems.push(
        `binarypermissions: ${binary.name} unpacks with mode ${mode.toString(8).padStart(4, '0')}, it must be 0755`
      );
    }
  }
  // backendbinary.go hasLinuxAmd64Binary: one of them must be a Go binary for linux/amd64 (by its
  // build info, not its name). The shipped platforms: Grafana runs the file named for its platform.
  const platforms = new Map(besideExecutable.map((b) => [b.name, goBuildPlatform(b.data())]));
  if (![...platforms.values()].some((p) => typeof p !== 'string' && p.goos === 'linux' && p.goarch === 'amd64')) {
    problems.push('backendbinary: no backend binary is a Go binary for linux/amd64');
  }
  for (const [goos, goarch] of SHIPPED_PLATFORMS) {
    const name = path.posix.join(
      path.posix.dirname(executable),
      executableFileName(path.posix.basename(executable), goos, goarch)
    );
    const built = platforms.get(name);
    if (built === undefined) {
      problems.push(`platforms: ${name} is missing (Grafana on ${goos}/${goarch} runs it)`);
    } else if (typeof built === 'string') {
      problems.push(`platforms: ${name}: ${built}`);
    } else if (built.goos !== goos || built.goarch !== goarch) {
      problems.push(`platforms: ${name} is built for ${built.goos}/${built.goarch}`);
    }
  }
  // backenddebug.go: the SDK's standalone debug files make the plugin unusable in production.
  for (const file of files.filter((f) => ['standalone.txt', 'pid.txt'].includes(path.posix.basename(f.name)))) {
    problems.push(`backenddebug: ${file.name} is a standalone debug file; remove it`);
  }
  return problems;
}

// gomanifest.go: manifest lines some published plugins carry that are not backend sources.
const IGNORED_MANIFEST_FILES = ['node_modules/flatted/golang/pkg/flatted/flatted.go'];

/** gomanifest.go isNodeModulesPath. */
function inNodeModules(file: string): boolean {
  return file === 'node_modules' || file.startsWith('node_modules/') || file.includes('/node_modules/');
}

/** gomanifest.go parseManifestFile: `<sha256>:<path>` a line; a string says why it does not parse. */
export function parseGoManifest(text: string): Map<string, string> | string {
  const manifest = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    if (line.length === 0) {
      continue;
    }
    const parts = line.split(':');
    if (parts.length !== 2) {
      return `invalid line in manifest file: ${line}`;
    }
    const file = parts[1].trim().replaceAll('\\', '/');
    if (!IGNORED_MANIFEST_FILES.includes(file)) {
      manifest.set(file, parts[0].trim());
    }
  }
  return manifest;
}

/**
 * The source's Go files as the validator sees them, '/'-separated and relative to `sourceDir`: those
 * of the repository (git's tracked and not-ignored files, the clone it checks), outside node_modules
 * (gomanifest.go filterPluginGoFiles). Outside a git work tree, every .go file there.
 */
export function sourceGoFiles(sourceDir: string): string[] {
  let listed: string[];
  try {
    listed = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z', '--', '*.go'], {
      cwd: sourceDir,
      encoding: 'utf8',
      stdio: 'pipe',
    })
      .split('\0')
      .filter(Boolean)
      // git lists deleted-but-tracked files too; a clone of the work tree would not hold them.
      .filter((file) => existsSync(path.join(sourceDir, file)));
  } catch {
    listed = walkGoFiles(sourceDir);
  }
  return listed.filter((file) => !inNodeModules(file)).sort();
}

function walkGoFiles(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) {
      return name === '.git' ? [] : walkGoFiles(full, `${prefix}${name}/`);
    }
    return name.endsWith('.go') ? [`${prefix}${name}`] : [];
  });
}

/** gomanifest.go hashFileContent: the sha256 of the file with LF and with CRLF line ends. */
function sourceHashes(content: Buffer): string[] {
  const lf = content.toString('utf8').replaceAll('\r\n', '\n');
  return [lf, lf.replaceAll('\n', '\r\n')].map((text) => createHash('sha256').update(text).digest('hex'));
}

/** The rules that read the source: gomanifest.go, sdkusage.go (offline part), buildtools.go checkMagefile. */
export function backendSourceProblems(meta: BackendMeta, files: ArchiveFile[], sourceDir: string): string[] {
  if (!meta.backend) {
    return [];
  }
  const problems: string[] = [];
  // sdkusage.go: a backend is written in Go with the Grafana SDK, not a fork of it.
  const goMod = path.join(sourceDir, 'go.mod');
  if (!existsSync(goMod)) {
    problems.push('sdkusage: backend=true but go.mod is not in the source');
  } else {
    problems.push(...sdkProblems(goMod));
    // buildtools.go checkMagefile: the SDK's build package, through a Magefile at the root.
    const magefile = readdirSync(sourceDir).find((name) => /^[Mm]agefile\.go$/.test(name));
    if (!magefile) {
      problems.push('buildtools: go.mod without a Magefile.go at the root (non-standard backend build tooling)');
    } else if (!readFileSync(path.join(sourceDir, magefile), 'utf8').includes('grafana-plugin-sdk-go/build')) {
      problems.push(`buildtools: ${magefile} does not use grafana-plugin-sdk-go/build`);
    }
  }
  // gomanifest.go: the manifest must list every Go source file with its hash, and nothing else.
  const goFiles = sourceGoFiles(sourceDir);
  if (goFiles.length === 0) {
    return problems;
  }
  const manifestFile = files.find((f) => f.name === GO_MANIFEST);
  const manifest = manifestFile ? parseGoManifest(manifestFile.data().toString('utf8')) : 'not in the archive';
  if (typeof manifest === 'string') {
    problems.push(`go-manifest: ${GO_MANIFEST} cannot be read: ${manifest}`);
    return problems;
  }
  for (const file of goFiles) {
    const listed = manifest.get(file);
    if (listed === undefined) {
      problems.push(`go-manifest: ${file} is in the source code but not in the manifest (rebuild the backend)`);
    } else if (!sourceHashes(readFileSync(path.join(sourceDir, file))).includes(listed)) {
      problems.push(`go-manifest: ${file} changed since the manifest was written (rebuild the backend)`);
    }
  }
  const sources = new Set(goFiles);
  for (const file of manifest.keys()) {
    if (!sources.has(file)) {
      problems.push(`go-manifest: ${file} is in the manifest but not in the source code`);
    }
  }
  return problems;
}

const SDK = 'github.com/grafana/grafana-plugin-sdk-go';

/** sdkusage.go, what needs no GitHub: go.mod parses, requires the SDK, and does not replace it. */
function sdkProblems(goMod: string): string[] {
  interface GoModJson {
    Require?: Array<{ Path: string; Version: string }>;
    Replace?: Array<{ Old: { Path: string }; New: { Path: string } }>;
  }
  let parsed: GoModJson;
  try {
    // Go's own go.mod parser, as the validator's golang.org/x/mod/modfile.
    parsed = JSON.parse(execFileSync('go', ['mod', 'edit', '-json', goMod], { encoding: 'utf8', stdio: 'pipe' }));
  } catch (e) {
    return [`sdkusage: go.mod cannot be parsed (${(e as { stderr?: string }).stderr?.trim() ?? (e as Error).message})`];
  }
  const sdk = parsed.Require?.find((r) => r.Path === SDK);
  if (!sdk) {
    return [`sdkusage: backend=true but go.mod does not require ${SDK}`];
  }
  if (parsed.Replace?.some((r) => r.Old.Path === SDK && r.New.Path !== SDK)) {
    return [`sdkusage: go.mod replaces ${SDK} with a fork`];
  }
  return [];
}
