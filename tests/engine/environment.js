// jsdom, as the plugin runs in a browser, plus Node's networking globals, which jsdom lacks:
// the request path (backendSrv.fetch -> proxy -> engine) uses fetch, and the fixture writer uses
// the OpenSearch client on Node's http.
const { TestEnvironment } = require('jest-environment-jsdom');
const { TextDecoder, TextEncoder } = require('node:util');

class BrowserWithNetworkEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    Object.assign(this.global, {
      fetch,
      Request,
      Response,
      Headers,
      FormData,
      AbortController,
      AbortSignal,
      ReadableStream,
      TextEncoder,
      TextDecoder,
      Buffer,
      setImmediate,
      clearImmediate,
      // undici (the Elasticsearch client's HTTP layer) needs Node's timer objects, with unref().
      setTimeout,
      clearTimeout,
      setInterval,
      clearInterval,
      structuredClone,
    });
  }
}

module.exports = BrowserWithNetworkEnvironment;
