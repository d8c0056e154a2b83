import React, { useEffect } from 'react';
import type { DataSourcePluginOptionsEditorProps } from '@grafana/data';
import type { SessionErrorsOptions, SessionErrorsSecureOptions } from '../types';
import { ConnectionSettings } from './ConnectionSettings';
import { DataLinksSettings } from './DataLinksSettings';
import { IndexSettings } from './IndexSettings';
import { LayoutProposals } from './LayoutProposals';
import { migratedOptions } from './optionsUpdate';
import { ReplaySettings } from './ReplaySettings';

type Props = DataSourcePluginOptionsEditorProps<SessionErrorsOptions, SessionErrorsSecureOptions>;

export function ConfigEditor({ options, onOptionsChange }: Props) {
  // Settings saved by an earlier version are brought up to date once, on opening; saving keeps them.
  useEffect(() => {
    const migrated = migratedOptions(options);
    if (migrated) {
      onOptionsChange(migrated);
    }
    // Only on opening: later edits are the user's own.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return (
    <>
      <ConnectionSettings options={options} onOptionsChange={onOptionsChange} />
      <IndexSettings options={options} onOptionsChange={onOptionsChange} />
      <LayoutProposals options={options} onOptionsChange={onOptionsChange} />
      <ReplaySettings options={options} onOptionsChange={onOptionsChange} />
      <DataLinksSettings options={options} onOptionsChange={onOptionsChange} />
    </>
  );
}
