import { readFileSync } from 'node:fs';
import path from 'node:path';
import pluginJson from '../../plugin.json';
import { HOSTS, NEWEST_HOST, OLDEST_HOST } from './hosts';

const ROOT = path.resolve(__dirname, '../..');
const major = (version: string) => Number(version.split('.')[0]);

describe('the Grafana hosts of the matrix', () => {
  it('are what plugin.json claims: from the oldest host up to the next major after the newest', () => {
    expect(pluginJson.dependencies.grafanaDependency).toBe(
      `>=${OLDEST_HOST.grafana} <${major(NEWEST_HOST.grafana) + 1}.0.0`
    );
  });

  it('run from oldest to newest, covering every major line in between', () => {
    const majors = HOSTS.map((h) => major(h.grafana));
    expect([...majors].sort((a, b) => a - b)).toEqual(majors);
    for (let m = majors[0]; m <= majors[majors.length - 1]; m++) {
      expect(majors).toContain(m);
    }
  });

  it.each(HOSTS.filter((h) => h.dir !== '.').map((h) => [h.line, h] as const))(
    'the %s folder pins that Grafana release and its React',
    (_line, host) => {
      const pkg = JSON.parse(readFileSync(path.join(ROOT, host.dir, 'package.json'), 'utf8')) as {
        dependencies: Record<string, string>;
      };
      for (const name of ['@grafana/data', '@grafana/ui', '@grafana/runtime']) {
        expect(pkg.dependencies[name]).toBe(host.grafana);
      }
      expect(major(pkg.dependencies.react)).toBe(Number(host.react));
      expect(major(pkg.dependencies['react-dom'])).toBe(Number(host.react));
    }
  );

  it('the project’s own packages are the host that says so', () => {
    const own = HOSTS.find((h) => h.dir === '.')!;
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(pkg.dependencies['@grafana/ui']).toBe(own.grafana);
    expect(major(pkg.dependencies.react)).toBe(Number(own.react));
  });
});
