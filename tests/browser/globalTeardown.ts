import type { RunningEngine } from '../../tools/engine/embeddedEngine';
import type { Preview } from '../../tools/preview/server';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as { __SRE_BROWSER__?: { engine: RunningEngine; preview: Preview } }).__SRE_BROWSER__;
  await state?.preview.close();
  await state?.engine.stop();
}
