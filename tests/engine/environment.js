// jsdom, as the plugin runs in a browser, plus Node's networking globals, which jsdom lacks:
// the request path (backendSrv.fetch -> proxy -> engine) uses fetch, and the fixture writer uses
// the OpenSearch client on Node's http.
// Each engine project (jest.config.js) names its engine in testEnvironmentOptions: engineVersion and
// engineUrlVariable, the variable its globalSetup put the URL in (all globalSetups share one process
// environment). Each test file gets them as SRE_ENGINE_VERSION and SRE_ENGINE_URL in its own
// process.env, so harness.ts and startEngine() serve the project's engine.
const { TestEnvironment } = require('jest-environment-jsdom');
const { TextDecoder, TextEncoder } = require('node:util');

class BrowserWithNetworkEnvironment extends TestEnvironment {
  constructor(config, context) {
    super(config, context);
    const { engineVersion = '2', engineUrlVariable = 'SRE_ENGINE_URL' } = config.projectConfig.testEnvironmentOptions;
    this.global.process.env.SRE_ENGINE_VERSION = engineVersion;
    if (process.env[engineUrlVariable]) {
      this.global.process.env.SRE_ENGINE_URL = process.env[engineUrlVariable];
    } else {
      delete this.global.process.env.SRE_ENGINE_URL;
    }
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
