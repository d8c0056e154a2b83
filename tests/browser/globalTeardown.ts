import type { RunningEngine } from '../../tools/engine/embeddedEngine';
import type { Preview } from '../../tools/preview/server';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as { __SRE_BROWSER__?: { engine: RunningEngine; previews: Preview[] } }).__SRE_BROWSER__;
  await Promise.all((state?.previews ?? []).map((p) => p.close()));
  await state?.engine.stop();
}
