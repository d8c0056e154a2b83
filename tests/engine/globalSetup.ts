import { startEngine, type RunningEngine } from '../../tools/engine/embeddedEngine';

/** Starts one embedded OpenSearch on a free port for every engine test file; globalTeardown stops it. */
export default async function globalSetup(): Promise<void> {
  const started = Date.now();
  const engine = await startEngine({ heapMb: 1024 });
  (globalThis as { __SRE_ENGINE__?: RunningEngine }).__SRE_ENGINE__ = engine;
  // Test workers start after this and inherit the environment.
  process.env.SRE_ENGINE_URL = engine.url;
  process.stderr.write(`\nembedded OpenSearch ready at ${engine.url} in ${Date.now() - started} ms\n`);
}
