import { DataSourcePlugin } from '@grafana/data';
import { ConfigEditor } from './components/ConfigEditor';
import { QueryEditor } from './components/QueryEditor';
import { DataSource } from './datasource';
import type { SessionErrorsOptions, SessionErrorsQuery, SessionErrorsSecureOptions } from './types';

export const plugin = new DataSourcePlugin<
  DataSource,
  SessionErrorsQuery,
  SessionErrorsOptions,
  SessionErrorsSecureOptions
>(DataSource)
  .setConfigEditor(ConfigEditor)
  .setQueryEditor(QueryEditor);
