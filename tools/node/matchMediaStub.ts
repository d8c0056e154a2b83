/** window.matchMedia for DOMs without it (jsdom): @grafana/ui asks for it, nothing here needs real media queries. */
export function matchMediaStub(query: string) {
  return {
    matches: false,
    media: query,
    onchange: null,
    addListener: () => undefined,
    removeListener: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  };
}
