import { render } from '@testing-library/react';
import React, { useState, type ComponentType } from 'react';
import type { Options } from './optionsUpdate';

/** Test helper: data source settings as Grafana's settings page starts them. */
export function baseOptions(patch: Partial<Options> = {}): Options {
  return {
    id: 1,
    uid: 'u',
    orgId: 1,
    name: 'x',
    type: 'sessionreplay-errors-datasource',
    typeName: '',
    typeLogoUrl: '',
    access: 'proxy',
    url: '',
    user: '',
    database: '',
    basicAuth: false,
    basicAuthUser: '',
    isDefault: false,
    readOnly: false,
    withCredentials: false,
    jsonData: {},
    secureJsonFields: {},
    ...patch,
  } as Options;
}

/** Test helper: renders an options editor with state, as Grafana does, and returns the latest options. */
export function renderOptionsEditor(
  Editor: ComponentType<{ options: Options; onOptionsChange: (o: Options) => void }>,
  initial: Options
): () => Options {
  let latest = initial;
  function Host() {
    const [options, setOptions] = useState(initial);
    return (
      <Editor
        options={options}
        onOptionsChange={(o) => {
          latest = o;
          setOptions(o);
        }}
      />
    );
  }
  render(<Host />);
  return () => latest;
}
