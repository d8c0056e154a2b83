import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { NEWEST_HOST, OLDEST_HOST } from '../preview/hosts';

/**
 * `npm run compat`: @grafana/levitate compares every @grafana/* API that src/module.ts reaches with
 * what the oldest and the newest Grafana line of the host matrix export. The matrix proves the
 * plugin runs there; this catches an API used on a path the matrix does not walk.
 */
const ROOT = path.resolve(__dirname, '../..');
let failed = false;
for (const host of [OLDEST_HOST, NEWEST_HOST]) {
  const target = ['data', 'ui', 'runtime'].map((p) => `@grafana/${p}@${host.grafana}`).join(',');
  console.log(`API compatibility of src/module.ts with Grafana ${host.grafana} (${target})`);
  const result = spawnSync('npx', ['levitate', 'is-compatible', '--path', 'src/module.ts', '--target', target], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, FORCE_COLOR: '0' },
  });
  const output = `${result.stdout}${result.stderr}`;
  if (result.status === 0) {
    // Only the verdict: the download and comparison progress lines say nothing when all is well.
    console.log(
      output
        .split('\n')
        .filter((l) => /compatible/.test(l))
        .join('\n')
    );
  } else {
    failed = true;
    console.error(output);
  }
}
process.exit(failed ? 1 : 0);
