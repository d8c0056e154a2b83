import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import pluginJson from '../../plugin.json';
import { provisioningYaml } from './grafanaAccess';
import { DEFAULT_FIELDS } from './template';

/** The Docker stack's wiring; `docker-compose config -q` in .ci/run checks its syntax. */
const ROOT = path.resolve(__dirname, '../..');
const compose = parse(readFileSync(path.join(ROOT, 'docker-compose.yaml'), 'utf8'));
const alertRules = parse(readFileSync(path.join(ROOT, 'provisioning/alerting/session-replay-errors.yaml'), 'utf8'));
const dashboardsProvider = parse(readFileSync(path.join(ROOT, 'provisioning/dashboards/dashboards.yaml'), 'utf8'))
  .providers[0];

describe('docker-compose.yaml', () => {
  const grafana = compose.services.grafana;
  const setup = compose.services.setup;

  it('loads this plugin, unsigned, from dist/', () => {
    expect(grafana.environment.GF_PLUGINS_ALLOW_LOADING_UNSIGNED_PLUGINS).toBe(pluginJson.id);
    expect(grafana.volumes).toContain(`./dist:/var/lib/grafana/plugins/${pluginJson.id}:ro`);
  });

  it('starts Grafana after the setup wrote its data source file, into the folder Grafana provisions from', () => {
    expect(grafana.depends_on.setup.condition).toBe('service_completed_successfully');
    expect(setup.volumes).toContain('grafana-datasources:/out');
    expect(grafana.volumes).toContain('grafana-datasources:/etc/grafana/provisioning/datasources:ro');
    expect(setup.command.join(' ')).toMatch(/--provisioning \/out\/session-replay-errors\.yaml/);
    expect(setup.command.join(' ')).toMatch(/--create-api-key/);
  });

  it('keeps the error-group summary current once the setup is done, with flags the summarizer knows', () => {
    const summarizer = compose.services.summarizer;
    expect(summarizer.depends_on.setup.condition).toBe('service_completed_successfully');
    expect(summarizer.environment.ES_PASSWORD).toMatch(/^\$\{ELASTIC_PASSWORD:\?[^}]+\}$/);
    const command = String(summarizer.command);
    expect(command).toMatch(/tools\/summarizer\/cli\.ts .*--every \S+/);
    const cli = readFileSync(path.join(ROOT, 'tools/summarizer/cli.ts'), 'utf8');
    for (const flag of command.match(/--[a-z-]+/g) ?? []) {
      expect(cli).toContain(`'${flag} `);
    }
  });

  it('mounts the dashboards where their provider looks', () => {
    expect(grafana.volumes).toContain(`./provisioning/dashboards:${dashboardsProvider.options.path}:ro`);
  });

  it('provisions the alert rules, read-only, for the data source the setup service writes', () => {
    expect(grafana.volumes).toContain('./provisioning/alerting:/etc/grafana/provisioning/alerting:ro');
    // The setup service writes the data source file with provisioningYaml: its uid is the rules' one.
    const written = parse(
      provisioningYaml({ url: 'http://elasticsearch:9200', indexPattern: 'x', fields: DEFAULT_FIELDS })
    );
    const queried = alertRules.groups
      .flatMap((g: { rules: Array<{ data: Array<{ datasourceUid: string }> }> }) => g.rules)
      .flatMap((r: { data: Array<{ datasourceUid: string }> }) => r.data.map((q) => q.datasourceUid))
      .filter((uid: string) => uid !== '__expr__');
    expect(queried.length).toBeGreaterThan(0);
    expect(new Set(queried)).toEqual(new Set([written.datasources[0].uid]));
  });

  it('runs Elasticsearch 8 with security on, and waits for it', () => {
    const es = compose.services.elasticsearch;
    expect(es.image).toMatch(/elasticsearch:8\./);
    expect(es.environment['xpack.security.enabled']).toBe('true');
    expect(setup.depends_on.elasticsearch.condition).toBe('service_healthy');
  });

  it('publishes its ports on 127.0.0.1 only', () => {
    const ports = Object.values(compose.services).flatMap((service) => (service as { ports?: string[] }).ports ?? []);
    expect(ports.length).toBeGreaterThan(0);
    for (const port of ports) {
      expect(port).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
    }
  });

  it('has no default passwords: Compose refuses to start without them', () => {
    const es = compose.services.elasticsearch;
    for (const value of [
      es.environment.ELASTIC_PASSWORD,
      setup.environment.ELASTIC_PASSWORD,
      grafana.environment.GF_SECURITY_ADMIN_PASSWORD,
    ]) {
      expect(value).toMatch(/^\$\{[A-Z_]+:\?[^}]+\}$/);
    }
  });
});
