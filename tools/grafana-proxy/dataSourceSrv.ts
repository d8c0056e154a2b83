import type { DataSourceInstanceSettings, DataSourceRef } from '@grafana/data';
import type { DataSourceSrv } from '@grafana/runtime';

/**
 * Grafana's DatasourceSrv for one saved data source (public/app/features/plugins/datasource_srv.ts):
 * `get` takes a uid or a name, or a ref with a uid, and resolves to the instance built from the
 * saved settings (Grafana caches one instance a uid, and a save reloads them); an unknown one is
 * rejected with Grafana's `{ message: 'Datasource <key> was not found' }`. What an editor asking for
 * its own data source (`getDataSourceSrv().get({ uid })`) gets in Grafana.
 */
export function savedDataSourceSrv(
  // A plugin's own DataSourceApi subclass, whose query type is its own.
  instance: object,
  settings: DataSourceInstanceSettings
): DataSourceSrv {
  const matches = (key: string | undefined) => key === settings.uid || key === settings.name;
  const keyOf = (ref?: string | DataSourceRef | null) => (typeof ref === 'string' ? ref : (ref?.uid ?? undefined));
  return {
    get: (ref?: string | DataSourceRef | null) => {
      // No ref: the default data source, which the only one is here.
      const key = keyOf(ref) ?? settings.uid;
      return matches(key) ? Promise.resolve(instance) : Promise.reject({ message: `Datasource ${key} was not found` });
    },
    getList: () => [settings],
    getInstanceSettings: (ref?: string | DataSourceRef | null) =>
      matches(keyOf(ref) ?? settings.uid) ? settings : undefined,
    reload: () => Promise.resolve(),
  } as unknown as DataSourceSrv;
}
