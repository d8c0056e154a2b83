import React from 'react';
import type { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import type { SessionErrorsOptions, SessionErrorsSecureOptions } from '../types';
import { ConnectionSettings } from './ConnectionSettings';
import { DataLinksSettings } from './DataLinksSettings';
import { IndexSettings } from './IndexSettings';
import { ReplaySettings } from './ReplaySettings';

type Props = DataSourcePluginOptionsEditorProps<SessionErrorsOptions, SessionErrorsSecureOptions>;

export function ConfigEditor({ options, onOptionsChange }: Props) {
  return (
    <>
      <ConnectionSettings options={options} onOptionsChange={onOptionsChange} />
      <IndexSettings options={options} onOptionsChange={onOptionsChange} />
      <ReplaySettings options={options} onOptionsChange={onOptionsChange} />
      <DataLinksSettings options={options} onOptionsChange={onOptionsChange} />
    </>
  );
}
