import type { DataSourceSettings } from '@grafana/data';
import { DEFAULT_SETTINGS } from '../settings';
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

/**
 * Why a pasted API key part cannot be right, or undefined. Elasticsearch key ids, secrets and encoded
 * keys use the base64 and base64url alphabets only; anything else (a smart quote, a non-breaking
 * space, a Cyrillic letter) comes from copying, and btoa would throw on it.
 */
export function apiKeyCharacterProblem(value: string): string | undefined {
  const bad = [...value.trim()].find((c) => !/[A-Za-z0-9_\-+/=]/.test(c));
  if (bad === undefined) {
    return undefined;
  }
  const code = bad.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
  return `"${bad}" (U+${code}) cannot be part of an API key: copy the key again from the response of POST /_security/api_key.`;
}

/** Switches the authentication mode and forgets the secrets of the other modes, so none stays usable. */
export function withAuthType(options: Options, authType: NonNullable<SessionErrorsOptions['authType']>): Options {
  let next = withJsonData(options, { authType });
  const has = (key: keyof SessionErrorsSecureOptions) =>
    !!options.secureJsonFields?.[key] || !!options.secureJsonData?.[key];
  if (authType !== 'apiKey' && has('apiKey')) {
    next = withoutSecret(next, 'apiKey');
  }
  if (authType !== 'basic' && has('basicAuthCredentials')) {
    next = withoutSecret(next, 'basicAuthCredentials');
  }
  // Never Grafana's own basic auth: it would reach the cluster with any request outside the routes.
  return { ...next, basicAuth: false };
}

/**
 * The settings as this version saves them, or undefined when nothing is to change. Run when the editor
 * opens, so that saving once migrates a data source:
 * - `jsonData.clusterUrl` (the routes' copy of the URL before they used `{{ .URL }}`) is dropped;
 * - an index pattern never saved becomes the default one, which the routes can then search;
 * - the URL loses its trailing slashes, which would turn every route into `//<index>/_search`;
 * - Grafana's basic auth (`basicAuth`, `basicAuthPassword`) is switched off and forgotten: basic
 *   credentials now travel in a route header, so the password must be entered once more.
 */
export function migratedOptions(options: Options): Options | undefined {
  let next = options;
  const { clusterUrl, ...jsonData } = options.jsonData;
  if (clusterUrl !== undefined) {
    next = { ...next, jsonData };
  }
  if (!options.jsonData.indexPattern?.trim()) {
    // The routes search the saved pattern only: the default one is saved, not just shown.
    next = withJsonData(next, { indexPattern: DEFAULT_SETTINGS.indexPattern });
  }
  const url = normalizedUrl(options.url ?? '');
  if (url !== (options.url ?? '')) {
    next = { ...next, url };
  }
  const legacyPassword = !!options.secureJsonFields?.basicAuthPassword || !!options.secureJsonData?.basicAuthPassword;
  if (options.basicAuth || legacyPassword) {
    next = withJsonData({ ...next, basicAuth: false }, { authType: options.jsonData.authType ?? 'basic' });
    if (legacyPassword) {
      next = withoutSecret(next, 'basicAuthPassword');
    }
  }
  return next === options ? undefined : next;
}

/** The data source URL as the routes need it: trimmed, without trailing slashes. */
export function normalizedUrl(url: string): string {
  return url.trim().replace(/\/+$/, '');
}

/** `base64(id:api_key)`, the form Elasticsearch expects after `Authorization: ApiKey`. */
export function encodeApiKey(id: string, apiKey: string): string {
  return btoa(`${id.trim()}:${apiKey.trim()}`);
}
