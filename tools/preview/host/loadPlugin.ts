import * as emotionCss from '@emotion/css';
import * as grafanaData from '@grafana/data';
import * as grafanaRuntime from '@grafana/runtime';
import * as grafanaUi from '@grafana/ui';
import * as d3 from 'd3';
import * as i18next from 'i18next';
import jquery from 'jquery';
import lodash from 'lodash';
import moment from 'moment';
import prismjs from 'prismjs';
import * as React from 'react';
import * as ReactDOM from 'react-dom';
import * as ReactDOMClient from 'react-dom/client';
import * as reactInlineSvg from 'react-inlinesvg';
import * as reactRedux from 'react-redux';
import * as reactRouterDom from 'react-router-dom';
import * as reactRouterCompat from 'react-router-dom-v5-compat';
import * as jsxDevRuntime from 'react/jsx-dev-runtime';
import * as jsxRuntime from 'react/jsx-runtime';
import * as redux from 'redux';
import * as rxjs from 'rxjs';
import * as rxjsOperators from 'rxjs/operators';
import slate from 'slate';
import slatePlain from 'slate-plain-serializer';
import slateReact from 'slate-react';
import { sharedModuleNames } from '../../grafana-rules/sharedModules';
import { hostLine } from './hostLine';

/** SystemJS, loaded by the page from node_modules/systemjs (system.js + extras/amd.js), as Grafana uses it. */
interface SystemJS {
  set(id: string, module: object): void;
  addImportMap(map: { imports: Record<string, string> }): void;
  import<T>(url: string): Promise<T>;
}

/**
 * What this page can hand a plugin for each module Grafana shares (tools/grafana-rules/sharedModules.ts,
 * from sharedDependencies.ts). The Grafana packages, React, rxjs and emotion are this host line's own
 * (tools/preview/webpack.host.js aliases them to its folder); the others resolve to the project's
 * node_modules. Not provided: @emotion/react (the project's copy is not the host's, and emotion
 * warns when two copies load), @kusto/monaco-kusto (installed nowhere), react-dom/server, the
 * `/unstable` entry points of @grafana/data, ui and runtime (not aliased to the host's copy: importing them would bundle a
 * second @grafana/data or ui), and Grafana's `app/…` modules.
 */
const PROVIDED: Record<string, object> = {
  '@emotion/css': emotionCss,
  emotion: emotionCss,
  '@grafana/data': grafanaData,
  '@grafana/runtime': grafanaRuntime,
  '@grafana/ui': grafanaUi,
  '@grafana/slate-react': slateReact,
  d3,
  i18next,
  jquery,
  lodash,
  moment,
  prismjs,
  react: React,
  'react-dom': ReactDOM,
  'react-dom/client': ReactDOMClient,
  'react/jsx-runtime': jsxRuntime,
  'react/jsx-dev-runtime': jsxDevRuntime,
  'react-inlinesvg': reactInlineSvg,
  'react-redux': reactRedux,
  'react-router-dom': reactRouterDom,
  // sharedDependencies.ts: react-router is react-router-dom-v5-compat (v6), react-router-dom is v5.
  'react-router': reactRouterCompat,
  redux,
  rxjs,
  'rxjs/operators': rxjsOperators,
  slate,
  'slate-plain-serializer': slatePlain,
  'slate-react': slateReact,
};

/**
 * The modules Grafana shares with plugins at run time in this line, registered under their bare
 * names so that the AMD `define([...])` of dist/module.js resolves to these instances. A module the
 * line does not share (react/jsx-runtime before 11.6.11) is not registered: a plugin that needs it
 * fails to load in that host, as it would in that Grafana.
 */
export const SHARED: Record<string, object> = Object.fromEntries(
  sharedModuleNames(hostLine.line, hostLine.sharesJsxRuntime).flatMap((name) =>
    PROVIDED[name] ? [[name, PROVIDED[name]]] : []
  )
);

export async function loadPlugin<T>(moduleUrl: string): Promise<T> {
  const system = (window as unknown as { System: SystemJS }).System;
  const imports: Record<string, string> = {};
  for (const [name, module] of Object.entries(SHARED)) {
    // As sharedDependencies.ts: a package that is a function (jquery, lodash, moment) is handed on as
    // its default export with __useDefault, so that SystemJS passes the function itself.
    system.set(
      `app:${name}`,
      typeof module === 'function'
        ? { default: module, __useDefault: true }
        : { ...module, default: (module as { default?: unknown }).default ?? module, __useDefault: false }
    );
    imports[name] = `app:${name}`;
  }
  system.addImportMap({ imports });
  return system.import<T>(moduleUrl);
}
