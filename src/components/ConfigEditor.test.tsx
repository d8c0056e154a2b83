import React from 'react';
import { render, screen } from '@testing-library/react';
import type { Options } from './optionsUpdate';
import { ConfigEditor } from './ConfigEditor';
import { baseOptions } from './renderOptionsEditor';

describe('ConfigEditor', () => {
  it('shows the connection, index and replay sections', () => {
    render(<ConfigEditor options={baseOptions()} onOptionsChange={() => undefined} />);
    expect(screen.getByText('Connection')).toBeInTheDocument();
    expect(screen.getByText('Logs index')).toBeInTheDocument();
    expect(screen.getByText('Session replay links')).toBeInTheDocument();
    expect(screen.getByLabelText('URL')).toBeInTheDocument();
  });

  it.each([
    [
      'a URL copy for the routes and a trailing slash',
      { url: 'https://es.internal:9200/', jsonData: { authType: 'apiKey', clusterUrl: 'https://es.internal:9200' } },
      { url: 'https://es.internal:9200', jsonData: { authType: 'apiKey' } },
    ],
    [
      'Grafana basic auth with its password',
      {
        url: 'https://es:9200',
        basicAuth: true,
        basicAuthUser: 'grafana',
        jsonData: {},
        secureJsonFields: { basicAuthPassword: true },
      },
      {
        basicAuth: false,
        basicAuthUser: 'grafana',
        jsonData: { authType: 'basic' },
        secureJsonFields: { basicAuthPassword: false },
        secureJsonData: { basicAuthPassword: '' },
      },
    ],
  ] as Array<[string, Partial<Options>, Partial<Options>]>)(
    'migrates settings saved with %s once, on opening',
    (_label, saved, expected) => {
      const changes: Options[] = [];
      render(<ConfigEditor options={baseOptions(saved)} onOptionsChange={(o) => changes.push(o)} />);
      expect(changes).toHaveLength(1);
      expect(changes[0]).toMatchObject(expected);
      expect(changes[0].jsonData).not.toHaveProperty('clusterUrl');
    }
  );

  it('changes nothing in settings this version saved', () => {
    const changes: Options[] = [];
    const current = baseOptions({ url: 'https://es:9200', jsonData: { authType: 'basic', indexPattern: 'logs-*' } });
    render(<ConfigEditor options={current} onOptionsChange={(o) => changes.push(o)} />);
    expect(changes).toEqual([]);
  });
});
