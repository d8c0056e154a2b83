import { getBackendSrv } from '@grafana/runtime';
import type { ClusterRequest, ClusterTransport } from './clusterClient';

/** What a cancelled request rejects with; nobody is listening for its result any more. */
export const REQUEST_CANCELLED = { status: -1, statusText: 'cancelled', cancelled: true };

/**
 * Requests through Grafana's data source proxy, which holds the secrets and adds the credentials.
 * With a requestId, Grafana cancels an earlier request of the same id; with a signal, aborting it
 * unsubscribes from Grafana's fetch, which aborts the HTTP request.
 */
export const backendSrvTransport: ClusterTransport = <T>(request: ClusterRequest) =>
  new Promise<T>((resolve, reject) => {
    if (request.signal?.aborted) {
      reject(REQUEST_CANCELLED);
      return;
    }
    const subscription = getBackendSrv()
      .fetch<T>({
        method: request.method,
        url: request.url,
        data: request.data,
        headers: request.data === undefined ? undefined : { 'Content-Type': 'application/json' },
        requestId: request.requestId,
        // The plugin shows its own, specific messages on the panel instead of Grafana's generic toasts.
        showErrorAlert: false,
        showSuccessAlert: false,
      })
      .subscribe({ next: (response) => resolve(response.data), error: reject });
    request.signal?.addEventListener(
      'abort',
      () => {
        subscription.unsubscribe();
        reject(REQUEST_CANCELLED);
      },
      { once: true }
    );
  });
