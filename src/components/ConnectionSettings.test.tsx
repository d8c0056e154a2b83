import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ConnectionSettings } from './ConnectionSettings';
import type { Options } from './optionsUpdate';
import { baseOptions, renderOptionsEditor } from './renderOptionsEditor';

const renderStateful = (initial: Options) => renderOptionsEditor(ConnectionSettings, initial);

describe('ConnectionSettings', () => {
  it('saves the URL without trailing slashes, once the field is left, and keeps no route copy of it', async () => {
    const last = renderStateful(baseOptions());
    await userEvent.type(screen.getByLabelText('URL'), 'http://gw/es/');
    // While typing, a slash stays: a path may follow it.
    expect(last().url).toBe('http://gw/es/');
    await userEvent.tab();
    expect(last().url).toBe('http://gw/es');
    expect(last().jsonData).not.toHaveProperty('clusterUrl');
  });

  it('flags a URL without a scheme', async () => {
    renderStateful(baseOptions({ url: 'es:9200' }));
    expect(screen.getByText('Enter an http:// or https:// URL.')).toBeInTheDocument();
  });

  it('stores an id and api_key pair as the encoded key, in secure settings only', async () => {
    const last = renderStateful(baseOptions());
    await userEvent.click(screen.getByLabelText('API key'));
    await userEvent.type(screen.getByLabelText('API key id'), 'VuaCfGcBCdbkQm-e5aOx');
    await userEvent.type(screen.getByLabelText('API key secret'), 'ui2lp2axTNmsyakw9tvNnw');
    expect(last().jsonData.authType).toBe('apiKey');
    expect(last().basicAuth).toBe(false);
    expect(last().secureJsonData?.apiKey).toBe(
      Buffer.from('VuaCfGcBCdbkQm-e5aOx:ui2lp2axTNmsyakw9tvNnw').toString('base64')
    );
    expect(JSON.stringify(last().jsonData)).not.toContain('ui2lp2axTNmsyakw9tvNnw');
    expect(JSON.stringify(last().jsonData)).not.toContain('VuaCfGcBCdbkQm');
  });

  it('takes the encoded form as it is', async () => {
    const last = renderStateful(baseOptions({ jsonData: { authType: 'apiKey' } }));
    await userEvent.click(screen.getByLabelText('encoded'));
    await userEvent.type(screen.getByLabelText('Encoded API key'), ' ZW5jb2RlZA== ');
    expect(last().secureJsonData?.apiKey).toBe('ZW5jb2RlZA==');
  });

  it('shows a saved key as configured and can reset it', async () => {
    const last = renderStateful(baseOptions({ jsonData: { authType: 'apiKey' }, secureJsonFields: { apiKey: true } }));
    expect(screen.queryByLabelText('API key id')).not.toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Reset' }));
    expect(last().secureJsonFields.apiKey).toBe(false);
    expect(screen.getByLabelText('API key id')).toBeInTheDocument();
  });

  it('sends basic credentials only through the routes: Grafana basic auth stays off', async () => {
    const last = renderStateful(baseOptions());
    await userEvent.click(screen.getByLabelText('Basic (user, password)'));
    expect(last().basicAuth).toBe(false);
    expect(screen.getByText('Enter the password')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('User'), 'grafana');
    await userEvent.type(screen.getByLabelText('Password'), 's3crét');
    expect(last().basicAuth).toBe(false);
    expect(last().basicAuthUser).toBe('grafana');
    // RFC 7617: base64 of the UTF-8 bytes of user:password.
    expect(last().secureJsonData?.basicAuthCredentials).toBe(Buffer.from('grafana:s3crét').toString('base64'));
    expect(last().secureJsonData).not.toHaveProperty('basicAuthPassword');
    expect(JSON.stringify(last().jsonData)).not.toContain('s3cr');
    await userEvent.click(screen.getByLabelText('No authentication'));
    expect(last().basicAuth).toBe(false);
    expect(last().secureJsonData?.basicAuthCredentials).toBe('');
  });

  it('asks for the password again when the user of saved credentials changes', async () => {
    const last = renderStateful(
      baseOptions({
        basicAuthUser: 'grafana',
        jsonData: { authType: 'basic' },
        secureJsonFields: { basicAuthCredentials: true },
      })
    );
    expect(screen.queryByText('Enter the password')).not.toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('User'), '2');
    expect(last().basicAuthUser).toBe('grafana2');
    expect(last().secureJsonFields.basicAuthCredentials).toBe(false);
    expect(screen.getByText('Enter the password')).toBeInTheDocument();
  });

  it('says plainly that without authentication Grafana forwards any request', async () => {
    renderStateful(baseOptions({ jsonData: { authType: 'none' } }));
    expect(screen.getByText('Grafana forwards any request to a cluster without authentication')).toBeInTheDocument();
    await userEvent.click(screen.getByLabelText('API key'));
    expect(
      screen.queryByText('Grafana forwards any request to a cluster without authentication')
    ).not.toBeInTheDocument();
  });

  it('sets TLS options that Grafana’s proxy applies', async () => {
    const last = renderStateful(baseOptions());
    await userEvent.click(screen.getByLabelText('Skip TLS certificate verification'));
    expect(last().jsonData.tlsSkipVerify).toBe(true);
    await userEvent.click(screen.getByLabelText('Custom CA certificate'));
    await userEvent.type(screen.getByLabelText('CA certificate'), 'PEM');
    expect(last().jsonData.tlsAuthWithCACert).toBe(true);
    expect(last().secureJsonData?.tlsCACert).toBe('PEM');
  });

  it('forgets a saved API key when another authentication is chosen, so the key route cannot use it', async () => {
    const last = renderStateful(baseOptions({ jsonData: { authType: 'apiKey' }, secureJsonFields: { apiKey: true } }));
    await userEvent.click(screen.getByLabelText('Basic (user, password)'));
    expect(last().secureJsonFields.apiKey).toBe(false);
    expect(last().secureJsonData?.apiKey).toBe('');
    expect(last().jsonData.authType).toBe('basic');
  });

  it('forgets saved basic credentials when leaving basic authentication', async () => {
    const last = renderStateful(
      baseOptions({ jsonData: { authType: 'basic' }, secureJsonFields: { basicAuthCredentials: true } })
    );
    await userEvent.click(screen.getByLabelText('API key'));
    expect(last().basicAuth).toBe(false);
    expect(last().secureJsonFields.basicAuthCredentials).toBe(false);
    expect(last().secureJsonData?.basicAuthCredentials).toBe('');
  });

  it.each([
    ['a Cyrillic letter in the id', 'VuaCfGcBCdbkQm-e5aОx', 'ui2lp2axTNmsyakw9tvNnw', /U\+041E/],
    ['a non-breaking space in the secret', 'VuaCfGcBCdbkQm-e5aOx', 'ui2lp2axTNmsya\u00a0kw9', /U\+00A0/],
    ['a smart quote', '“VuaCfGcBCdbkQm', 'ui2lp2axTNmsyakw9tvNnw', /U\+201C/],
  ])('refuses %s with a message, and keeps no earlier key', async (_label, id, secret, code) => {
    const last = renderStateful(baseOptions({ jsonData: { authType: 'apiKey' } }));
    await userEvent.type(screen.getByLabelText('API key id'), 'ok');
    await userEvent.type(screen.getByLabelText('API key secret'), 'ok');
    expect(last().secureJsonData?.apiKey).toBe(btoa('ok:ok'));
    await userEvent.clear(screen.getByLabelText('API key id'));
    await userEvent.type(screen.getByLabelText('API key id'), id);
    await userEvent.clear(screen.getByLabelText('API key secret'));
    await userEvent.type(screen.getByLabelText('API key secret'), secret);
    expect(screen.getByText(code)).toBeInTheDocument();
    expect(last().secureJsonData?.apiKey).toBe('');
  });
});
