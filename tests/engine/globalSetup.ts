import type { Config } from '@jest/types';
import {
  opensearchVersionOf,
  startEngine,
  type EngineVersion,
  type RunningEngine,
} from '../../tools/engine/embeddedEngine';

/**
 * What an engine test project says about its engine, in its jest.config.js testEnvironmentOptions:
 * the globalSetup starts that engine and puts its URL in `engineUrlVariable` of the one process
 * environment all projects' globalSetups share; environment.js then gives each test file of the
 * project that URL as SRE_ENGINE_URL (what harness.ts reads) and the version as SRE_ENGINE_VERSION.
 */
export interface EngineProjectOptions {
  engineVersion: EngineVersion;
  engineUrlVariable: string;
}

export function engineProjectOptions(projectConfig: {
  testEnvironmentOptions?: Record<string, unknown>;
}): EngineProjectOptions {
  const options = projectConfig.testEnvironmentOptions ?? {};
  const engineVersion = options.engineVersion ?? '2';
  const engineUrlVariable = options.engineUrlVariable ?? 'SRE_ENGINE_URL';
  if ((engineVersion !== '2' && engineVersion !== '3') || typeof engineUrlVariable !== 'string') {
    throw new Error(`bad engine project options ${JSON.stringify(options)}`);
  }
  return { engineVersion, engineUrlVariable };
}

/** The engines the projects' globalSetups started, by the variable holding their URL; globalTeardown stops them. */
export const runningEngines = (): Map<string, RunningEngine> => {
  const holder = globalThis as { __SRE_ENGINES__?: Map<string, RunningEngine> };
  holder.__SRE_ENGINES__ ??= new Map();
  return holder.__SRE_ENGINES__;
};

/** Starts one embedded OpenSearch (the project's version) on a free port for every test file of the project. */
export default async function globalSetup(_globalConfig: Config.GlobalConfig, projectConfig: Config.ProjectConfig) {
  const { engineVersion, engineUrlVariable } = engineProjectOptions(projectConfig);
  const started = Date.now();
  const engine = await startEngine({ version: engineVersion, heapMb: 1024 });
  runningEngines().set(engineUrlVariable, engine);
  // Test workers start after this and inherit the environment.
  process.env[engineUrlVariable] = engine.url;
  process.stderr.write(
    `\nembedded OpenSearch ${opensearchVersionOf(engineVersion)} ready at ${engine.url} in ${Date.now() - started} ms\n`
  );
}
