import React from 'react';
import type { DataSourcePlugin } from '@grafana/data';
import { setBackendSrv, setTemplateSrv } from '@grafana/runtime';
import { GlobalStyles, ThemeContext } from '@grafana/ui';
import { createTheme } from '@grafana/data';
import { createRoot } from 'react-dom/client';
// uPlot's stylesheet, which the time series needs: 12.x's and 13.x's @grafana/ui import it, 11.x's
// leaves it to the Grafana app's own styles.
import 'uplot/dist/uPlot.min.css';
import { fetchBackendSrv } from '../../grafana-proxy/fetchBackendSrv';
import { variablesTemplateSrv } from '../../grafana-proxy/templateSrv';
import { App } from './App';
import { dashboardVariableValues } from './dashboard/variables';
import { interceptLinkClicks } from './dashboard/interceptLinkClicks';
import { hostChecks, type HostChecks } from './hostChecks';
import { loadPlugin } from './loadPlugin';

/**
 * The preview host: Grafana's runtime services, then dist/module.js loaded as Grafana loads it
 * (an AMD module through SystemJS, sharing this page's React, rxjs and @grafana/* packages).
 */
async function main() {
  const pluginId = document.body.dataset.pluginId!;
  setBackendSrv(fetchBackendSrv(window.location.origin));
  // The dashboards' variables, as Grafana's template service knows those of the open dashboard.
  setTemplateSrv(variablesTemplateSrv(dashboardVariableValues));
  document.addEventListener('click', interceptLinkClicks);
  const { plugin } = await loadPlugin<{ plugin: DataSourcePlugin<never, never, never, never> }>(
    `/public/plugins/${pluginId}/module.js`
  );
  const meta = await fetch(`/public/plugins/${pluginId}/plugin.json`).then((r) => r.json());
  plugin.meta = { ...meta, module: `public/plugins/${pluginId}/module.js`, baseUrl: `public/plugins/${pluginId}` };
  // For the host matrix: the calls Grafana makes, on a data source built from dist/module.js.
  (window as unknown as { sreHostChecks: HostChecks }).sreHostChecks = hostChecks(plugin as never);
  // Grafana mounts its theme and global styles around every plugin.
  const theme = createTheme({ colors: { mode: 'dark' } });
  createRoot(document.getElementById('root')!).render(
    <ThemeContext.Provider value={theme}>
      <GlobalStyles />
      <App plugin={plugin as never} />
    </ThemeContext.Provider>
  );
}

main().catch((e) => {
  document.getElementById('root')!.textContent =
    `The plugin failed to load: ${e instanceof Error ? e.message : String(e)}`;
  console.error(e);
});
