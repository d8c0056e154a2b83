import AdmZip from 'adm-zip';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  SHIPPED_PLATFORMS,
  executableFileName,
  goBuildPlatform,
  parseGoManifest,
  unpackedPermissions,
} from './backendRules';
import { checkPluginPackage, packagePlugin } from './pluginPackage';
import { FRONTEND_META, tmpDir, writeDist } from './testDist';

const EXECUTABLE = 'gpx_acme_thing';

const BACKEND = { ...FRONTEND_META, backend: true, alerting: true, executable: EXECUTABLE };

/** Real Go binaries (an empty main), one a shipped platform, built once: the rules read their build info. */
const goBinaries = new Map<string, Buffer>();
beforeAll(() => {
  const module = tmpDir('gomain-');
  writeFileSync(path.join(module, 'go.mod'), 'module example.com/empty\n\ngo 1.22\n');
  writeFileSync(path.join(module, 'main.go'), 'package main\n\nfunc main() {}\n');
  for (const [goos, goarch] of SHIPPED_PLATFORMS) {
    const out = path.join(module, `${goos}_${goarch}`);
    execFileSync('go', ['build', '-ldflags=-s -w', '-o', out, '.'], {
      cwd: module,
      env: { ...process.env, GOOS: goos, GOARCH: goarch, CGO_ENABLED: '0' },
      stdio: 'pipe',
    });
    goBinaries.set(`${goos}/${goarch}`, readFileSync(out));
  }
}, 180_000);

const binary = (platform: string) => goBinaries.get(platform)!;

/** The SDK's manifest format (build/utils/manifest.go GenerateManifest): `<sha256 hex>:<path>` a line. */
function manifestOf(sourceDir: string, files: string[]): string {
  return files
    .map(
      (f) =>
        `${createHash('sha256')
          .update(readFileSync(path.join(sourceDir, f)))
          .digest('hex')}:${f}\n`
    )
    .join('');
}

const SOURCES: Record<string, string> = {
  'go.mod': 'module example.com/thing\n\ngo 1.26\n\nrequire github.com/grafana/grafana-plugin-sdk-go v0.299.0\n',
  'Magefile.go':
    '//go:build mage\n\npackage main\n\nimport build "github.com/grafana/grafana-plugin-sdk-go/build"\n\nvar Default = build.BuildAll\n',
  'pkg/main.go': 'package main\n\nfunc main() {}\n',
};
const GO_SOURCES = ['Magefile.go', 'pkg/main.go'];

function source(files: Record<string, string> = SOURCES): string {
  const dir = tmpDir('source-');
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

interface BackendDist {
  meta?: object;
  /** Binary file name to the platform whose build it holds, or raw bytes. */
  binaries?: Record<string, string | Buffer>;
  manifest?: string | null;
  extra?: Record<string, string>;
}

const shipped = (): Record<string, string> =>
  Object.fromEntries(SHIPPED_PLATFORMS.map(([o, a]) => [executableFileName(EXECUTABLE, o, a), `${o}/${a}`]));

function backendDist(
  sourceDir: string,
  { meta = BACKEND, binaries = shipped(), manifest, extra = {} }: BackendDist = {}
) {
  const goManifest: Record<string, string> =
    manifest === null ? {} : { go_plugin_build_manifest: manifest ?? manifestOf(sourceDir, GO_SOURCES) };
  const dir = writeDist(meta, { extra: { ...extra, ...goManifest } });
  for (const [name, platform] of Object.entries(binaries)) {
    writeFileSync(path.join(dir, name), typeof platform === 'string' ? binary(platform) : platform);
    // As a build with umask 077 leaves them: packagePlugin must still ship 0755.
    chmodSync(path.join(dir, name), 0o700);
  }
  return dir;
}

function check(options: BackendDist = {}, sourceDir = source()) {
  return checkPluginPackage(packagePlugin(backendDist(sourceDir, options), tmpDir('pkg-')), { sourceDir }).errors;
}

describe('packagePlugin with a backend', () => {
  it('ships every binary with mode 0755 from a Unix host, and the rest 0644', () => {
    const zip = new AdmZip(packagePlugin(backendDist(source()), tmpDir('pkg-')));
    const modes = Object.fromEntries(
      zip.getEntries().map((e) => [e.entryName.replace('acme-thing-datasource/', ''), unpackedPermissions(e.header)])
    );
    expect(modes).toMatchObject({
      gpx_acme_thing_linux_amd64: 0o755,
      gpx_acme_thing_linux_arm64: 0o755,
      gpx_acme_thing_darwin_amd64: 0o755,
      gpx_acme_thing_darwin_arm64: 0o755,
      'gpx_acme_thing_windows_amd64.exe': 0o755,
      go_plugin_build_manifest: 0o644,
      'plugin.json': 0o644,
    });
    expect(zip.getEntries().every((e) => e.header.made >>> 8 === 3)).toBe(true);
  });
});

describe('checkPluginPackage with a backend', () => {
  it('passes the binaries of every platform with a manifest of the sources', () => {
    expect(check()).toEqual([]);
  });

  it.each([
    [
      'alerting without backend',
      { ...BACKEND, backend: false, executable: undefined },
      /alerting=true with backend=false/,
    ],
    [
      'an executable without backend',
      { ...BACKEND, backend: false, alerting: false },
      /an executable with backend=false/,
    ],
    ['backend without an executable', { ...BACKEND, executable: undefined }, /backend=true without an executable/],
  ])('reports %s', (_label, meta, message) => {
    expect(check({ meta }).join('\n')).toMatch(message);
  });

  it('reports a package without binaries', () => {
    expect(check({ binaries: {} })).toEqual([
      expect.stringMatching(/^backendbinary: no backend binaries gpx_acme_thing\* in the archive/),
    ]);
  });

  it('reports a platform whose binary is missing', () => {
    const { gpx_acme_thing_darwin_arm64: _missing, ...others } = shipped();
    expect(check({ binaries: others })).toEqual([
      'platforms: gpx_acme_thing_darwin_arm64 is missing (Grafana on darwin/arm64 runs it)',
    ]);
  });

  it('reports a binary built for another platform than its name, and no linux/amd64 build', () => {
    expect(check({ binaries: { ...shipped(), gpx_acme_thing_linux_amd64: 'linux/arm64' } })).toEqual([
      'backendbinary: no backend binary is a Go binary for linux/amd64',
      'platforms: gpx_acme_thing_linux_amd64 is built for linux/arm64',
    ]);
  });

  it('reports a binary that is not a Go program', () => {
    expect(check({ binaries: { ...shipped(), gpx_acme_thing_darwin_amd64: Buffer.from('#!/bin/sh\n') } })).toEqual([
      expect.stringMatching(/^platforms: gpx_acme_thing_darwin_amd64: .+/),
    ]);
  });

  it('reports the SDK standalone debug files', () => {
    expect(check({ extra: { 'standalone.txt': 'true' } })).toEqual([
      'backenddebug: standalone.txt is a standalone debug file; remove it',
    ]);
  });

  describe('binary permissions as the validator unpacks them', () => {
    /** The backend package, re-zipped with each binary's "version made by" and external attributes. */
    function rezipped(made: number, mode: number): string {
      const original = new AdmZip(packagePlugin(backendDist(source()), tmpDir('pkg-')));
      const zip = new AdmZip();
      for (const e of original.getEntries()) {
        const isBinary = path.posix.basename(e.entryName).startsWith(EXECUTABLE);
        zip.addFile(e.entryName, e.getData(), '', isBinary ? mode : 0o644).header.made = isBinary
          ? made
          : (3 << 8) | 20;
      }
      const file = path.join(tmpDir('pkg-'), 'rezipped.zip');
      zip.writeZip(file);
      return file;
    }

    it('reports binaries that are not executable', () => {
      const { errors } = checkPluginPackage(rezipped((3 << 8) | 20, 0o644));
      expect(errors).toEqual(
        ['darwin_amd64', 'darwin_arm64', 'linux_amd64', 'linux_arm64'].map(
          (p) => `binarypermissions: gpx_acme_thing_${p} unpacks with mode 0644, it must be 0755`
        )
      );
    });

    it('reports a zip made on an MS-DOS host, whose modes Go reads as 0666 whatever the attributes say', () => {
      const { errors } = checkPluginPackage(rezipped((0 << 8) | 20, 0o755));
      expect(errors).toHaveLength(4);
      expect(errors[0]).toMatch(/unpacks with mode 0666/);
    });

    it('accepts 0755 from a macOS host', () => {
      expect(checkPluginPackage(rezipped((19 << 8) | 20, 0o755)).errors).toEqual([]);
    });
  });

  describe('the Go manifest against the source', () => {
    it('reports a source changed after the build', () => {
      const dir = source();
      const dist = backendDist(dir);
      writeFileSync(path.join(dir, 'pkg/main.go'), 'package main\n\nfunc main() { println() }\n');
      expect(checkPluginPackage(packagePlugin(dist, tmpDir('pkg-')), { sourceDir: dir }).errors).toEqual([
        'go-manifest: pkg/main.go changed since the manifest was written (rebuild the backend)',
      ]);
    });

    it('reports a source file the manifest lacks, and a listed file the source lacks', () => {
      const dir = source({ ...SOURCES, 'pkg/extra.go': 'package main\n' });
      const manifest = manifestOf(dir, GO_SOURCES) + `${'0'.repeat(64)}:pkg/gone.go\n`;
      expect(check({ manifest }, dir)).toEqual([
        'go-manifest: pkg/extra.go is in the source code but not in the manifest (rebuild the backend)',
        'go-manifest: pkg/gone.go is in the manifest but not in the source code',
      ]);
    });

    it('reports a missing or unreadable manifest', () => {
      expect(check({ manifest: null })).toEqual([
        'go-manifest: go_plugin_build_manifest cannot be read: not in the archive',
      ]);
      expect(check({ manifest: 'abc:pkg/main.go:extra\n' })).toEqual([
        'go-manifest: go_plugin_build_manifest cannot be read: invalid line in manifest file: abc:pkg/main.go:extra',
      ]);
    });

    it('accepts a manifest hashed with CRLF line ends, as a Windows build writes it', () => {
      const dir = source();
      const crlf = (f: string) => readFileSync(path.join(dir, f), 'utf8').replaceAll('\n', '\r\n');
      const manifest = GO_SOURCES.map((f) => `${createHash('sha256').update(crlf(f)).digest('hex')}:${f}\n`).join('');
      expect(check({ manifest }, dir)).toEqual([]);
    });

    it('leaves out Go files in node_modules and, in a git work tree, the ones git ignores', () => {
      const dir = source({
        ...SOURCES,
        'tests/hosts/x/node_modules/flatted/golang/pkg/flatted/flatted.go': 'package flatted\n',
        '.gitignore': 'artifacts/\n',
        'artifacts/sandbox/pkg/main.go': 'package main\n',
      });
      execFileSync('git', ['init', '-q'], { cwd: dir });
      expect(check({}, dir)).toEqual([]);
      // The SDK's own walk lists the nested node_modules file (it skips ./node_modules only):
      // the validator then finds it in the manifest but not in the repository.
      const sdkManifest = manifestOf(dir, [
        ...GO_SOURCES,
        'tests/hosts/x/node_modules/flatted/golang/pkg/flatted/flatted.go',
      ]);
      expect(check({ manifest: sdkManifest }, dir)).toEqual([
        'go-manifest: tests/hosts/x/node_modules/flatted/golang/pkg/flatted/flatted.go is in the manifest but not in the source code',
      ]);
    });
  });

  describe('the Go module and its build', () => {
    it.each([
      ['no go.mod', { 'go.mod': undefined }, 'sdkusage: backend=true but go.mod is not in the source'],
      [
        'a go.mod without the SDK',
        { 'go.mod': 'module example.com/thing\n\ngo 1.26\n' },
        'sdkusage: backend=true but go.mod does not require github.com/grafana/grafana-plugin-sdk-go',
      ],
      [
        'a fork of the SDK',
        {
          'go.mod': `${SOURCES['go.mod']}\nreplace github.com/grafana/grafana-plugin-sdk-go => github.com/acme/sdk v0.1.0\n`,
        },
        'sdkusage: go.mod replaces github.com/grafana/grafana-plugin-sdk-go with a fork',
      ],
      [
        'a Magefile without the SDK build package',
        { 'Magefile.go': '//go:build mage\n\npackage main\n' },
        'buildtools: Magefile.go does not use grafana-plugin-sdk-go/build',
      ],
    ])('reports %s', (_label, changes, message) => {
      const files = Object.fromEntries(
        Object.entries({ ...SOURCES, ...changes }).filter((e): e is [string, string] => e[1] !== undefined)
      );
      const dir = source(files);
      const goSources = GO_SOURCES.filter((f) => f in files);
      expect(check({ manifest: manifestOf(dir, goSources) }, dir)).toEqual([message]);
    });

    it('reports a go.mod without a Magefile', () => {
      const { 'Magefile.go': _magefile, ...files } = SOURCES;
      const dir = source(files);
      expect(check({ manifest: manifestOf(dir, ['pkg/main.go']) }, dir)).toEqual([
        'buildtools: go.mod without a Magefile.go at the root (non-standard backend build tooling)',
      ]);
    });
  });
});

describe('goBuildPlatform', () => {
  it('reads GOOS and GOARCH from each build', () => {
    for (const [goos, goarch] of SHIPPED_PLATFORMS) {
      expect(goBuildPlatform(binary(`${goos}/${goarch}`))).toEqual({ goos, goarch });
    }
  });
});

describe('parseGoManifest', () => {
  it('reads the SDK format, with Windows separators, and skips the line the validator ignores', () => {
    expect(
      parseGoManifest('aa:pkg\\main.go\r\n\nbb:Magefile.go\ncc:node_modules/flatted/golang/pkg/flatted/flatted.go\n')
    ).toEqual(
      new Map([
        ['pkg/main.go', 'aa'],
        ['Magefile.go', 'bb'],
      ])
    );
  });
});
