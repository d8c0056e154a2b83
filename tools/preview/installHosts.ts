import { HOSTS, checkHostInstalled, installHost } from './hosts';

/** `npm run hosts:install`: every Grafana host of the matrix, from its lock file. */
for (const host of HOSTS) {
  installHost(host);
  checkHostInstalled(host);
}
console.log(`Grafana hosts ready: ${HOSTS.map((h) => `${h.grafana} (React ${h.react})`).join(', ')}`);
