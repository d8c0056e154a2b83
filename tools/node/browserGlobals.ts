import { JSDOM } from 'jsdom';
import { matchMediaStub } from './matchMediaStub';

/**
 * @grafana/data touches `window`, `document` and `localStorage` when it is imported (through
 * react-use). Node tools that reuse the plugin's pure modules (the benchmark) import this first.
 */
const g = globalThis as unknown as Record<string, unknown>;

if (typeof g.document === 'undefined') {
  const { window } = new JSDOM('<!doctype html><html><head></head><body></body></html>', { url: 'http://localhost/' });
  window.matchMedia = matchMediaStub as unknown as typeof window.matchMedia;
  for (const key of [
    'window',
    'document',
    'localStorage',
    'sessionStorage',
    'HTMLElement',
    'Element',
    'Node',
    'getComputedStyle',
    'matchMedia',
    'addEventListener',
    'removeEventListener',
    'requestAnimationFrame',
    'cancelAnimationFrame',
  ]) {
    if (typeof g[key] === 'undefined') {
      const value = (window as unknown as Record<string, unknown>)[key];
      g[key] =
        typeof value === 'function' && key !== 'HTMLElement' && key !== 'Element' && key !== 'Node'
          ? (value as (...a: unknown[]) => unknown).bind(window)
          : value;
    }
  }
  if (typeof g.navigator === 'undefined') {
    g.navigator = window.navigator;
  }
}

export {};
