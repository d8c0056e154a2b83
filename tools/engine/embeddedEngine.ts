import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';

/**
 * Starts and stops the embedded OpenSearch (engine/, Maven projects) for development and tests:
 * 2.19.6 (engine/pom.xml, on the default Java 17) or 3.9.0 (engine/opensearch-3/pom.xml, on Java 21+:
 * Temurin 25). Each version has a class path of its own; the launcher source is shared.
 */

export type EngineVersion = '2' | '3';

/** Java 21+ for OpenSearch 3; CI and the developers' machines have Temurin 25 here. */
export const OPENSEARCH_3_JAVA_HOME = process.env.SRE_OPENSEARCH3_JAVA_HOME ?? '/usr/lib/jvm/temurin-25-jdk-amd64';

const ENGINE_ROOT = path.resolve(__dirname, '../../engine');
const MAIN_CLASS = 'dev.sessionreplay.engine.EmbeddedOpenSearch';

interface EngineBuild {
  /** The Maven project's folder. */
  projectDir: string;
  /** Its build directory (both under engine/target, which Git ignores). */
  targetDir: string;
  /** JAVA_HOME for Maven and the JVM; undefined: the java and mvn on PATH. */
  javaHome?: string;
  /** Extra JVM flags. */
  jvmFlags: string[];
  /** MAVEN_OPTS for its build. */
  mavenOpts?: string;
  /** What the engine reports as version.number. */
  opensearchVersion: string;
}

const BUILDS: Record<EngineVersion, EngineBuild> = {
  '2': {
    projectDir: ENGINE_ROOT,
    targetDir: path.join(ENGINE_ROOT, 'target'),
    jvmFlags: [],
    opensearchVersion: '2.19.6',
  },
  '3': {
    projectDir: path.join(ENGINE_ROOT, 'opensearch-3'),
    targetDir: path.join(ENGINE_ROOT, 'target', 'opensearch-3'),
    javaHome: OPENSEARCH_3_JAVA_HOME,
    // Lucene 10 maps index files through the foreign-memory API: allowed without a warning.
    jvmFlags: ['--enable-native-access=ALL-UNNAMED'],
    // Debian's Maven 3.8 bundles a Guava that Java 24+ warns about (sun.misc.Unsafe): allowed, quietly.
    mavenOpts: '--sun-misc-unsafe-memory-access=allow',
    opensearchVersion: '3.9.0',
  },
};

/** The OpenSearch version number the embedded engine of this major reports. */
export function opensearchVersionOf(version: EngineVersion): string {
  return BUILDS[version].opensearchVersion;
}

/** The OpenSearch version of the engine tests' engine (SRE_ENGINE_VERSION) as regular expression source. */
export function engineVersionPattern(): string {
  return opensearchVersionOf(defaultEngineVersion()).replace(/\./g, '\\.');
}

/** The engine version a caller gets when it names none: SRE_ENGINE_VERSION (the engine-os3 tests set 3), else 2. */
export function defaultEngineVersion(): EngineVersion {
  const fromEnv = process.env.SRE_ENGINE_VERSION;
  if (fromEnv === undefined || fromEnv === '') {
    return '2';
  }
  if (fromEnv !== '2' && fromEnv !== '3') {
    throw new Error(`SRE_ENGINE_VERSION must be 2 or 3, not ${fromEnv}`);
  }
  return fromEnv;
}

export interface EngineOptions {
  /** OpenSearch 2.19.6 or 3.9.0; default: defaultEngineVersion(). */
  version?: EngineVersion;
  /** HTTP port; 0 or undefined picks a free one. */
  port?: number;
  heapMb?: number;
  /** Print the engine's output. */
  verbose?: boolean;
  /** Give up if the engine is not ready within this many ms. */
  startTimeoutMs?: number;
}

export interface RunningEngine {
  url: string;
  port: number;
  pid: number;
  version: EngineVersion;
  stop(): Promise<void>;
}

function javaEnv(build: EngineBuild): NodeJS.ProcessEnv {
  return build.javaHome ? { ...process.env, JAVA_HOME: build.javaHome } : process.env;
}

function javaBinary(build: EngineBuild): string {
  if (!build.javaHome) {
    return 'java';
  }
  const java = path.join(build.javaHome, 'bin', 'java');
  if (!existsSync(java)) {
    throw new Error(
      `OpenSearch 3 needs Java 21 or newer: no ${java}. Install Temurin 25 there or set SRE_OPENSEARCH3_JAVA_HOME.`
    );
  }
  return java;
}

/** Whether this version's launcher is compiled and its class path written. */
function isBuilt(build: EngineBuild): boolean {
  return (
    existsSync(path.join(build.targetDir, 'classpath.txt')) &&
    existsSync(path.join(build.targetDir, 'classes', 'dev', 'sessionreplay', 'engine', 'EngineNode.class'))
  );
}

/** Compiles the launcher and writes its class path (Maven fetches the jars on first use). */
export function buildEngine(version: EngineVersion): void {
  const build = BUILDS[version];
  javaBinary(build);
  const env = build.mavenOpts
    ? { ...javaEnv(build), MAVEN_OPTS: `${process.env.MAVEN_OPTS ?? ''} ${build.mavenOpts}`.trim() }
    : javaEnv(build);
  const result = spawnSync('mvn', ['-B', '-q', 'compile'], {
    cwd: build.projectDir,
    stdio: 'inherit',
    env,
  });
  if (result.status !== 0) {
    throw new Error(
      `Building the embedded engine failed (mvn compile in ${build.projectDir} exited ${result.status}).`
    );
  }
}

/** Builds this version's launcher unless it is built already. */
export function ensureEngineBuilt(version: EngineVersion = defaultEngineVersion()): void {
  if (!isBuilt(BUILDS[version])) {
    buildEngine(version);
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))
      );
    });
  });
}

/**
 * Waits until the node answers cluster health with the `query`'s conditions met (wait_for_status,
 * wait_for_nodes, ...) and a status of green or yellow, or also red where `acceptRed` (a cluster
 * that lost a node holding an unreplicated shard is red and still answers).
 */
export async function waitForHealth(
  url: string,
  child: ChildProcess | undefined,
  deadline: number,
  query = 'wait_for_status=yellow',
  acceptRed = false
): Promise<void> {
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) {
      throw new Error(`The embedded engine exited with code ${child.exitCode} before it was ready.`);
    }
    try {
      const response = await fetch(`${url}/_cluster/health?${query}&timeout=5s`);
      // A wait that timed out answers 408: ask again until the deadline.
      if (response.ok) {
        const health = (await response.json()) as { status: string; timed_out?: boolean };
        if (!health.timed_out && (acceptRed || health.status === 'green' || health.status === 'yellow')) {
          return;
        }
      }
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`The embedded engine at ${url} was not ready in time.`);
}

/** One engine JVM: the launcher's arguments beyond --port. */
export interface EngineProcessOptions {
  version: EngineVersion;
  port: number;
  heapMb: number;
  args: string[];
  verbose?: boolean;
}

export interface EngineProcess {
  child: ChildProcess;
  /** The last 20,000 characters the JVM printed. */
  output(): string;
  exited: Promise<void>;
}

/** Spawns one engine JVM; the caller waits for it (waitForHealth) and stops it. */
export function spawnEngineProcess(options: EngineProcessOptions): EngineProcess {
  const build = BUILDS[options.version];
  const classpath = `${path.join(build.targetDir, 'classes')}${path.delimiter}${readFileSync(
    path.join(build.targetDir, 'classpath.txt'),
    'utf8'
  ).trim()}`;
  const child = spawn(
    javaBinary(build),
    [
      `-Xms${options.heapMb}m`,
      `-Xmx${options.heapMb}m`,
      '-XX:+UseG1GC',
      '-Djava.awt.headless=true',
      ...build.jvmFlags,
      '-cp',
      classpath,
      MAIN_CLASS,
      '--port',
      String(options.port),
      ...options.args,
    ],
    // stdin stays open: the engine exits when it closes, so it never outlives this process.
    { stdio: ['pipe', 'pipe', 'pipe'], env: { ...javaEnv(build), ENGINE_WATCH_STDIN: '1' } }
  );
  let output = '';
  const collect = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20000);
    if (options.verbose) {
      process.stderr.write(chunk);
    }
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return { child, output: () => output, exited };
}

/** Stops an engine JVM: SIGTERM (the node closes), SIGKILL after 20 s. */
export async function stopEngineProcess(engine: EngineProcess): Promise<void> {
  const { child } = engine;
  if (child.exitCode !== null || child.signalCode !== null) {
    return;
  }
  child.kill('SIGTERM');
  const killer = setTimeout(() => child.kill('SIGKILL'), 20_000);
  await engine.exited;
  clearTimeout(killer);
}

export async function startEngine(options: EngineOptions = {}): Promise<RunningEngine> {
  const version = options.version ?? defaultEngineVersion();
  ensureEngineBuilt(version);
  const port = options.port || (await freePort());
  const engine = spawnEngineProcess({
    version,
    port,
    heapMb: options.heapMb ?? 1024,
    args: [],
    verbose: options.verbose,
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, engine.child, Date.now() + (options.startTimeoutMs ?? 120_000));
  } catch (e) {
    engine.child.kill('SIGKILL');
    throw new Error(`${(e as Error).message}\n--- engine output ---\n${engine.output().slice(-4000)}`);
  }
  return {
    url,
    port,
    pid: engine.child.pid!,
    version,
    stop: () => stopEngineProcess(engine),
  };
}

/** Runs `stop` once on Ctrl-C or SIGTERM, then exits: for the long-running commands. */
export function stopOnSignals(stop: () => Promise<void>): void {
  let stopping = false;
  const handler = async () => {
    if (stopping) {
      return;
    }
    stopping = true;
    await stop();
    process.exit(0);
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
}
