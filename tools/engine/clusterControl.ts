import { createServer, type Server } from 'node:http';
import type { ClusterNode, RunningCluster } from './cluster';
import type { EngineVersion } from './embeddedEngine';

/**
 * Lets test files (Jest workers, other processes) stop and start nodes of a cluster that a
 * globalSetup started (the JVMs are the setup process's children). Loopback HTTP:
 *   GET  /                      -> ClusterDescription
 *   POST /nodes/<name>/stop     -> stops it (SIGKILL; ?graceful=1: SIGTERM), then the description
 *   POST /nodes/<name>/start    -> starts it again and waits until it rejoined, then the description
 * Test files use clusterControl() below, with SRE_CLUSTER_CONTROL_URL set by the globalSetup.
 */

export interface ClusterDescription {
  version: EngineVersion;
  url: string;
  nodes: ClusterNode[];
}

function describe(cluster: RunningCluster): ClusterDescription {
  return {
    version: cluster.version,
    url: cluster.url,
    nodes: cluster.nodes.map(({ name, url, httpPort, transportPort, running }) => ({
      name,
      url,
      httpPort,
      transportPort,
      running,
    })),
  };
}

export async function serveClusterControl(cluster: RunningCluster): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    const reply = (status: number, body: unknown) => {
      response.writeHead(status, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify(body));
    };
    const url = new URL(request.url ?? '/', 'http://control');
    const action = /^\/nodes\/([\w-]+)\/(stop|start)$/.exec(url.pathname);
    if (request.method === 'GET' && url.pathname === '/') {
      reply(200, describe(cluster));
      return;
    }
    if (request.method !== 'POST' || !action) {
      reply(404, { error: `no ${request.method} ${url.pathname}` });
      return;
    }
    const [, name, verb] = action;
    const done =
      verb === 'stop'
        ? cluster.stopNode(name, { graceful: url.searchParams.get('graceful') === '1' })
        : cluster.startNode(name);
    done.then(
      () => reply(200, describe(cluster)),
      (e: Error) => reply(500, { error: e.message })
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') {
    throw new Error('the cluster control server has no port');
  }
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface ClusterControl {
  describe(): Promise<ClusterDescription>;
  stopNode(name: string, options?: { graceful?: boolean }): Promise<ClusterDescription>;
  startNode(name: string): Promise<ClusterDescription>;
}

/** The client of serveClusterControl, by default at SRE_CLUSTER_CONTROL_URL. */
export function clusterControl(controlUrl = process.env.SRE_CLUSTER_CONTROL_URL): ClusterControl {
  if (!controlUrl) {
    throw new Error('SRE_CLUSTER_CONTROL_URL is not set: run the cluster tests through jest (clusterSetup starts it).');
  }
  const call = async (method: 'GET' | 'POST', pathname: string): Promise<ClusterDescription> => {
    const response = await fetch(`${controlUrl}${pathname}`, { method });
    const body = (await response.json()) as ClusterDescription | { error: string };
    if (!response.ok || 'error' in body) {
      throw new Error(`cluster control ${method} ${pathname}: ${'error' in body ? body.error : response.status}`);
    }
    return body;
  };
  return {
    describe: () => call('GET', '/'),
    stopNode: (name, options = {}) => call('POST', `/nodes/${name}/stop${options.graceful ? '?graceful=1' : ''}`),
    startNode: (name) => call('POST', `/nodes/${name}/start`),
  };
}
