import type { DataSourceSettings } from '@grafana/data';
import type { SessionErrorsOptions, SessionErrorsSecureOptions } from '../types';

export type Options = DataSourceSettings<SessionErrorsOptions, SessionErrorsSecureOptions>;

export function withJsonData(options: Options, patch: Partial<SessionErrorsOptions>): Options {
  return { ...options, jsonData: { ...options.jsonData, ...patch } };
}

/** Sets a secret for the next save; after saving, Grafana keeps it server-side and reports only that it is set. */
export function withSecret(options: Options, key: keyof SessionErrorsSecureOptions, value: string): Options {
  return { ...options, secureJsonData: { ...options.secureJsonData, [key]: value } };
}

/** Forgets a saved secret so that a new one can be entered. */
export function withoutSecret(options: Options, key: keyof SessionErrorsSecureOptions): Options {
  return {
    ...options,
    secureJsonFields: { ...options.secureJsonFields, [key]: false },
    secureJsonData: { ...options.secureJsonData, [key]: '' },
  };
}

/** `base64(id:api_key)`, the form Elasticsearch expects after `Authorization: ApiKey`. */
export function encodeApiKey(id: string, apiKey: string): string {
  return btoa(`${id.trim()}:${apiKey.trim()}`);
}
