import * as emotionCss from '@emotion/css';
import * as grafanaData from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaUi from '@grafana/ui';
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import * as jsxRuntime from 'react/jsx-runtime';
import * as rxjs from 'rxjs';
import { hostLine } from './hostLine';

/** SystemJS, loaded by the page from node_modules/systemjs (system.js + extras/amd.js), as Grafana uses it. */
interface SystemJS {
  set(id: string, module: object): void;
  addImportMap(map: { imports: Record<string, string> }): void;
  import<T>(url: string): Promise<T>;
}

/**
 * The packages Grafana shares with plugins at run time (its sharedDependencies.ts), registered under
 * their bare names so that the AMD `define([...])` of dist/module.js resolves to these instances.
 * react/jsx-runtime only where this Grafana line shares it: a plugin that needs it fails to load in
 * the older hosts, as it would in that Grafana.
 */
const SHARED: Record<string, object> = {
  react: React,
  'react-dom': ReactDOM,
  ...(hostLine.sharesJsxRuntime ? { 'react/jsx-runtime': jsxRuntime } : {}),
  '@grafana/data': grafanaData,
  '@grafana/ui': grafanaUi,
  '@grafana/runtime': grafanaRuntime,
  '@emotion/css': emotionCss,
  rxjs,
};

export async function loadPlugin<T>(moduleUrl: string): Promise<T> {
  const system = (window as unknown as { System: SystemJS }).System;
  const imports: Record<string, string> = {};
  for (const [name, module] of Object.entries(SHARED)) {
    system.set(`app:${name}`, {
      ...module,
      default: (module as { default?: unknown }).default ?? module,
      __useDefault: false,
    });
    imports[name] = `app:${name}`;
  }
  system.addImportMap({ imports });
  return system.import<T>(moduleUrl);
}
