import { getBackendSrv } from '@grafana/runtime';
import { lastValueFrom } from 'rxjs';
import type { ClusterTransport } from './clusterClient';

/** Requests through Grafana's data source proxy, which holds the secrets and adds the credentials. */
export const backendSrvTransport: ClusterTransport = async <T>(request: {
  method: string;
  url: string;
  data?: unknown;
}) => {
  const response = await lastValueFrom(
    getBackendSrv().fetch<T>({
      method: request.method,
      url: request.url,
      data: request.data,
      headers: request.data === undefined ? undefined : { 'Content-Type': 'application/json' },
      // The plugin shows its own, specific messages on the panel instead of Grafana's generic toasts.
      showErrorAlert: false,
      showSuccessAlert: false,
    })
  );
  return response.data;
};
