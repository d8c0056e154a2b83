import apiKeyPrivilege from '../../tests/fixtures/elasticsearch/error-403-apikey-privilege.json';
import badLucene from '../../tests/fixtures/opensearch/error-400-bad-lucene.json';
import circuitBreaker from '../../tests/fixtures/opensearch/error-429-circuit-breaker.json';
import indexNotFound from '../../tests/fixtures/opensearch/error-404-index-not-found.json';
import { ClusterSetupError, describeClusterError, PROXY_AUTH_FAILED } from './describeClusterError';

const ctx = { indexPattern: 'logs-*', authType: 'apiKey' as const };

describe('describeClusterError', () => {
  it.each([
    ['Grafana proxy auth failure, API key', { status: 400, data: PROXY_AUTH_FAILED }, ctx, /refused the API key/],
    [
      'Grafana proxy auth failure, basic',
      { status: 400, data: PROXY_AUTH_FAILED },
      { ...ctx, authType: 'basic' as const },
      /user name or password/,
    ],
    [
      'Grafana proxy auth failure, none',
      { status: 400, data: { message: PROXY_AUTH_FAILED } },
      { ...ctx, authType: 'none' as const },
      /requires authentication/,
    ],
    [
      'recorded Elasticsearch API key privilege error',
      { status: 403, data: apiKeyPrivilege },
      ctx,
      /denied the request: action \[cluster:admin\/repository\/put\] is unauthorized for API key id .*Grant "read"/,
    ],
    [
      'recorded missing index',
      { status: 404, data: indexNotFound },
      ctx,
      /^No index matches "logs-\*".*no such index \[missing-index\]/,
    ],
    [
      'recorded bad Lucene filter',
      { status: 400, data: badLucene },
      ctx,
      /^The cluster rejected the query \(HTTP 400\): Failed to parse query \[message:\(unclosed\]: Encountered "<EOF>" at line 1, column 17\.$/,
    ],
    [
      'recorded circuit breaker (a query needing more memory than the engine allows)',
      { status: 429, data: circuitBreaker },
      ctx,
      /^The cluster ran out of memory for this query and refused it \(HTTP 429: \[request\] Data too large, .*\)\. Narrow the time range .*fingerprints/,
    ],
    [
      'a full search queue',
      {
        status: 429,
        data: {
          error: { type: 'es_rejected_execution_exception', reason: 'rejected execution of search' },
          status: 429,
        },
      },
      ctx,
      /^The cluster is too busy to take the query now \(HTTP 429: rejected execution of search\): try again/,
    ],
    [
      'proxy cannot reach the cluster',
      { status: 502, data: 'Bad Gateway' },
      ctx,
      /could not reach the cluster \(HTTP 502\)/,
    ],
    ['proxy timeout', { status: 504, data: 'Gateway Timeout' }, ctx, /could not reach the cluster \(HTTP 504\)/],
    [
      'network failure without status',
      new TypeError('Failed to fetch'),
      ctx,
      /could not reach the cluster \(Failed to fetch\): check the URL/,
    ],
    [
      'Grafana route access denied',
      { status: 403, data: { message: 'plugin proxy route access denied' } },
      ctx,
      /Grafana denied the request .*route access denied/,
    ],
    ['not an engine', { status: 404, data: '<html>Kibana</html>' }, ctx, /404 Not Found.*not at Kibana/],
    [
      'engine error as a string',
      { status: 500, data: { error: 'something broke', status: 500 } },
      ctx,
      /rejected the query \(HTTP 500\): something broke/,
    ],
    [
      'a login page answering 200',
      { status: 200, data: '<!DOCTYPE html><html><head><title>Sign in · Acme SSO</title></head></html>' },
      ctx,
      /^The URL answered with an HTML page \("Sign in · Acme SSO"\) \(HTTP 200\), not with Elasticsearch or OpenSearch: a login page/,
    ],
    ['an empty 200', { status: 200, data: '' }, ctx, /answered HTTP 200 with an empty body/],
    ['a 200 that is not JSON', { status: 200, data: 'OK' }, ctx, /answered HTTP 200 with a body that is not JSON/],
    ['a setup problem', new ClusterSetupError('Save the index pattern.'), ctx, /^Save the index pattern\.$/],
    ['anything else', { status: 418, statusText: "I'm a teapot" }, ctx, /failed \(HTTP 418 I'm a teapot\)/],
    ['nothing at all', undefined, ctx, /could not reach the cluster/],
  ])('%s', (_label, failure, context, expected) => {
    expect(describeClusterError(failure, context)).toMatch(expected);
  });
});
