import type { GrafanaHost } from '../hosts';

// Replaced at build time by tools/preview/webpack.host.js with the Grafana line this page stands for.
declare const SRE_HOST: GrafanaHost;

/** The Grafana line this preview page was built against (tests/hosts/hosts.json). */
export const hostLine: GrafanaHost = SRE_HOST;
