import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Test support for the package tests: a frontend plugin's metadata and the dist/ folder it builds. */

/** plugin.json of a frontend-only data source that passes every rule. */
export const FRONTEND_META = {
  id: 'acme-thing-datasource',
  type: 'datasource',
  name: 'Thing',
  info: {
    version: '1.2.3',
    updated: '2026-11-27',
    author: { name: 'Acme' },
    logos: { small: 'img/logo.svg', large: 'img/logo.svg' },
    screenshots: [{ name: 'x', path: 'img/shot.png' }],
  },
  dependencies: { grafanaDependency: '>=11.0.0' },
};

export const tmpDir = (prefix: string) => mkdtempSync(path.join(os.tmpdir(), prefix));

export interface DistOptions {
  /** Files of the complete dist/ to leave out. */
  omit?: string[];
  /** More files, or other contents for the usual ones. */
  extra?: Record<string, string | Buffer>;
}

/** A dist/ folder with plugin.json from `meta`, the module, its map, README, LICENSE and images. */
export function writeDist(meta: object, { omit = [], extra = {} }: DistOptions = {}): string {
  const dir = tmpDir('dist-');
  mkdirSync(path.join(dir, 'img'));
  const files: Record<string, string | Buffer> = {
    'plugin.json': JSON.stringify(meta),
    'module.js': 'define([],function(){})',
    'module.js.map': '{}',
    'README.md': '# Thing\n'.padEnd(400, 'x'),
    LICENSE: 'Apache-2.0',
    'img/logo.svg': '<svg/>',
    'img/shot.png': 'png',
    ...extra,
  };
  for (const [name, content] of Object.entries(files)) {
    if (!omit.includes(name)) {
      writeFileSync(path.join(dir, name), content);
    }
  }
  return dir;
}
