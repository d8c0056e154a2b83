import '../../tools/node/browserGlobals';
import { startEngine } from '../../tools/engine/embeddedEngine';
import { buildPreview } from '../../tools/preview/build';
import { startPreview } from '../../tools/preview/server';
import { setupCluster } from '../../tools/setup/setupCluster';

export const DEMO_LINES = 2000;
export const DEMO_SEED = 3;

/** Builds the preview page, starts an engine with demo data and the preview server for the browser tests. */
export default async function globalSetup(): Promise<void> {
  // dist/module.js as Grafana would get it, and the host page.
  buildPreview();
  const engine = await startEngine({ heapMb: 768 });
  const endMs = Date.now();
  await setupCluster({
    url: engine.url,
    indexPattern: 'logs-sessionreplay-*',
    replicas: 0,
    demo: { index: 'logs-sessionreplay-demo', lines: DEMO_LINES, endMs, seed: DEMO_SEED },
  });
  const preview = await startPreview({ engineUrl: engine.url });
  Object.assign(globalThis, { __SRE_BROWSER__: { engine, preview } });
  process.env.SRE_PREVIEW_URL = preview.url;
  process.env.SRE_BROWSER_ENGINE_PID = String(engine.pid);
  process.env.SRE_DEMO_END_MS = String(endMs);
}
