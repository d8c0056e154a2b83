import type { BackendSrv, BackendSrvRequest, FetchResponse } from '@grafana/runtime';
import { Observable } from 'rxjs';

/**
 * Grafana's backendSrv.fetch on plain fetch, for Node and for the preview page: sends the plugin's requests (relative URLs such as
 * /api/datasources/proxy/uid/...) to a Grafana-like server, and fails like Grafana's FetchError
 * ({ status, statusText, data }) so the plugin's error handling is exercised as in the browser.
 */
export function fetchBackendSrv(baseUrl: string): BackendSrv {
  const fetchImpl = <T>(options: BackendSrvRequest): Observable<FetchResponse<T>> =>
    new Observable((subscriber) => {
      const controller = new AbortController();
      const body =
        options.data === undefined
          ? undefined
          : typeof options.data === 'string'
            ? options.data
            : JSON.stringify(options.data);
      fetch(new URL(options.url, baseUrl), {
        method: options.method ?? 'GET',
        headers: options.headers,
        body,
        signal: controller.signal,
      })
        .then(async (response) => {
          const text = await response.text();
          let data: unknown = text;
          try {
            data = text ? JSON.parse(text) : text;
          } catch {
            // Grafana keeps a non-JSON body as text
          }
          const result = {
            data: data as T,
            status: response.status,
            statusText: response.statusText,
            ok: response.ok,
            headers: response.headers,
            redirected: response.redirected,
            type: response.type,
            url: response.url,
            config: options,
          } as FetchResponse<T>;
          if (response.ok) {
            subscriber.next(result);
            subscriber.complete();
          } else {
            subscriber.error({ status: response.status, statusText: response.statusText, data, config: options });
          }
        })
        .catch((e: Error) =>
          subscriber.error({ status: 502, statusText: 'Bad Gateway', data: { message: e.message }, config: options })
        );
      return () => controller.abort();
    });
  return { fetch: fetchImpl } as unknown as BackendSrv;
}
