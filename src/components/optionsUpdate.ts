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
  if (authType !== 'basic' && has('basicAuthPassword')) {
    next = withoutSecret(next, 'basicAuthPassword');
  }
  // Grafana's proxy applies basic auth whenever basicAuth is on: off for the other modes.
  return { ...next, basicAuth: authType === 'basic' };
}

/** `base64(id:api_key)`, the form Elasticsearch expects after `Authorization: ApiKey`. */
export function encodeApiKey(id: string, apiKey: string): string {
  return btoa(`${id.trim()}:${apiKey.trim()}`);
}
