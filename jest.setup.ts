import '@testing-library/jest-dom';
import { TextDecoder, TextEncoder } from 'node:util';
import { matchMediaStub } from './tools/node/matchMediaStub';

// jsdom lacks TextEncoder, which react-dom/server (used by @grafana/ui) needs at import time.
Object.assign(globalThis, { TextEncoder, TextDecoder });

// jsdom lacks these browser APIs that @grafana/ui components use.
Object.defineProperty(window, 'matchMedia', { writable: true, value: matchMediaStub });

class ResizeObserverStub {
  observe() {}
  unobserve() {}
  disconnect() {}
}
(window as unknown as { ResizeObserver: unknown }).ResizeObserver ??= ResizeObserverStub;
HTMLCanvasElement.prototype.getContext = (() => null) as unknown as typeof HTMLCanvasElement.prototype.getContext;
