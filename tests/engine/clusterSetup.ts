import type { Config } from '@jest/types';
import { startCluster, type RunningCluster } from '../../tools/engine/cluster';
import { serveClusterControl } from '../../tools/engine/clusterControl';
import { opensearchVersionOf } from '../../tools/engine/embeddedEngine';
import { engineProjectOptions } from './globalSetup';

/**
 * globalSetup of the cluster project (jest.config.js `engine-cluster`): three embedded OpenSearch
 * nodes (tools/engine/cluster.ts), started once for the project's files. Its test files get:
 * - SRE_ENGINE_URL: node-0's URL (environment.js maps it from the project's engineUrlVariable), so
 *   harness.ts (openHarness, engineUrl) works on the cluster as on the single node;
 * - SRE_CLUSTER_CONTROL_URL: clusterControl() (tools/engine/clusterControl.ts) stops and starts
 *   nodes from a test. A file that stops a node starts it again before it ends (the cluster is
 *   shared by the project's files); node-0 is never stopped.
 * Indices are the tests' own: create them with number_of_shards 3 and number_of_replicas 1.
 */
interface ClusterHolder {
  __SRE_CLUSTER__?: { cluster: RunningCluster; control: { close(): Promise<void> } };
}

export default async function clusterSetup(_globalConfig: Config.GlobalConfig, projectConfig: Config.ProjectConfig) {
  const { engineVersion, engineUrlVariable } = engineProjectOptions(projectConfig);
  const started = Date.now();
  const cluster = await startCluster({ nodes: 3, version: engineVersion });
  const control = await serveClusterControl(cluster);
  (globalThis as ClusterHolder).__SRE_CLUSTER__ = { cluster, control };
  process.env[engineUrlVariable] = cluster.url;
  process.env.SRE_CLUSTER_CONTROL_URL = control.url;
  process.stderr.write(
    `\nembedded OpenSearch ${opensearchVersionOf(engineVersion)} cluster of ${cluster.nodes.length} nodes ready at ${cluster.url} in ${Date.now() - started} ms\n`
  );
}

export async function clusterTeardown(): Promise<void> {
  const holder = globalThis as ClusterHolder;
  await holder.__SRE_CLUSTER__?.control.close();
  await holder.__SRE_CLUSTER__?.cluster.stop();
  delete holder.__SRE_CLUSTER__;
}
