import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  defaultEngineVersion,
  ensureEngineBuilt,
  freePort,
  spawnEngineProcess,
  stopEngineProcess,
  waitForHealth,
  type EngineProcess,
  type EngineVersion,
} from './embeddedEngine';

/**
 * A multi-node embedded OpenSearch cluster: one JVM per node, all on 127.0.0.1, each with a data
 * directory that outlives a stopped node (so a restarted node rejoins with its shards).
 *
 *   const cluster = await startCluster({ nodes: 3, version: '3' });
 *   cluster.url                       // node-0's HTTP URL: the node tests query
 *   cluster.nodes                     // [{ name: 'node-0', url, running }, ...]
 *   await cluster.stopNode('node-2')  // SIGKILL: the node dies as in a crash ({ graceful: true }: SIGTERM)
 *   await cluster.startNode('node-2') // the same node again, its data kept; resolves once it rejoined
 *   await cluster.stop()              // every node, and the data directories
 *
 * Heaps are small (384 MB a node): three nodes share 2 cores with the other test engines. Every
 * node is cluster-manager-eligible and holds data; the first election needs a majority (2 of 3).
 * node-0 is never stopped by the tests that share a cluster, so cluster.url keeps answering.
 */

export interface ClusterOptions {
  /** Number of nodes (default 3). */
  nodes?: number;
  /** OpenSearch 2.19.6 or 3.9.0; default: defaultEngineVersion(). */
  version?: EngineVersion;
  /** Heap of each node's JVM in MiB (default 384). */
  heapMb?: number;
  verbose?: boolean;
  /** Give up if the cluster is not green with every node within this many ms (default 180 s). */
  startTimeoutMs?: number;
}

export interface ClusterNode {
  name: string;
  url: string;
  httpPort: number;
  transportPort: number;
  running: boolean;
}

export interface RunningCluster {
  version: EngineVersion;
  /** node-0's URL. */
  url: string;
  nodes: ClusterNode[];
  /** Stops one node: SIGKILL by default (a crash), SIGTERM with graceful. Resolves when its JVM has exited. */
  stopNode(name: string, options?: { graceful?: boolean }): Promise<void>;
  /** Starts a stopped node again with its data; resolves when the cluster counts it again. */
  startNode(name: string): Promise<void>;
  /** Waits until node-0 sees `count` nodes (a stopped node leaves when its connections close). */
  waitForNodes(count: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
}

interface NodeState extends ClusterNode {
  dataDir: string;
  process?: EngineProcess;
}

export async function startCluster(options: ClusterOptions = {}): Promise<RunningCluster> {
  const version = options.version ?? defaultEngineVersion();
  const count = options.nodes ?? 3;
  if (count < 1) {
    throw new Error('a cluster has at least one node');
  }
  const heapMb = options.heapMb ?? 384;
  ensureEngineBuilt(version);
  const clusterName = `session-replay-errors-cluster-${process.pid}`;
  const nodes: NodeState[] = [];
  for (let i = 0; i < count; i++) {
    const httpPort = await freePort();
    const transportPort = await freePort();
    nodes.push({
      name: `node-${i}`,
      url: `http://127.0.0.1:${httpPort}`,
      httpPort,
      transportPort,
      running: false,
      dataDir: mkdtempSync(path.join(tmpdir(), `embedded-opensearch-${version}-node-${i}-`)),
    });
  }
  const seedHosts = nodes.map((n) => `127.0.0.1:${n.transportPort}`).join(',');
  const names = nodes.map((n) => n.name).join(',');

  const launch = (node: NodeState) => {
    node.process = spawnEngineProcess({
      version,
      port: node.httpPort,
      heapMb,
      verbose: options.verbose,
      args: [
        '--data',
        node.dataDir,
        '--keep-data',
        '--cluster-name',
        clusterName,
        '--node-name',
        node.name,
        '--transport-port',
        String(node.transportPort),
        '--seed-hosts',
        seedHosts,
        // Only the first start bootstraps; a restarted node finds the cluster state in its data.
        '--initial-cluster-managers',
        names,
      ],
    });
    node.running = true;
    node.process.exited.then(() => {
      node.running = false;
    });
  };

  const byName = (name: string): NodeState => {
    const node = nodes.find((n) => n.name === name);
    if (!node) {
      throw new Error(`no node ${name} in the cluster (${names})`);
    }
    return node;
  };

  const waitForNodes = (wanted: number, timeoutMs = 60_000) =>
    waitForHealth(nodes[0].url, nodes[0].process?.child, Date.now() + timeoutMs, `wait_for_nodes=${wanted}`, true);

  const removeData = () => {
    for (const node of nodes) {
      rmSync(node.dataDir, { recursive: true, force: true });
    }
  };

  const stop = async () => {
    await Promise.all(nodes.map((n) => (n.process ? stopEngineProcess(n.process) : Promise.resolve())));
    removeData();
  };

  nodes.forEach(launch);
  try {
    await waitForHealth(
      nodes[0].url,
      nodes[0].process?.child,
      Date.now() + (options.startTimeoutMs ?? 180_000),
      `wait_for_status=green&wait_for_nodes=${count}`
    );
  } catch (e) {
    const outputs = nodes.map((n) => `--- ${n.name} ---\n${n.process?.output().slice(-3000) ?? ''}`).join('\n');
    await Promise.all(nodes.map((n) => n.process?.child.kill('SIGKILL')));
    removeData();
    throw new Error(`${(e as Error).message}\n${outputs}`);
  }

  return {
    version,
    url: nodes[0].url,
    // Live views: `running` follows each JVM.
    nodes,
    async stopNode(name, stopOptions = {}) {
      const node = byName(name);
      if (!node.process || !node.running) {
        return;
      }
      if (stopOptions.graceful) {
        await stopEngineProcess(node.process);
      } else {
        node.process.child.kill('SIGKILL');
        await node.process.exited;
      }
    },
    async startNode(name) {
      const node = byName(name);
      if (node.running) {
        return;
      }
      launch(node);
      await waitForNodes(nodes.filter((n) => n.running).length, 120_000);
    },
    waitForNodes,
    stop,
  };
}
