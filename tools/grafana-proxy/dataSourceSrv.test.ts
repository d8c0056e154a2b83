import type { DataSourceApi, DataSourceInstanceSettings } from '@grafana/data';
import { savedDataSourceSrv } from './dataSourceSrv';

describe('savedDataSourceSrv', () => {
  const instance = { uid: 'sre' } as DataSourceApi;
  const settings = { uid: 'sre', name: 'Session Replay Errors' } as DataSourceInstanceSettings;
  const srv = savedDataSourceSrv(instance, settings);

  it.each([
    ['a ref with the uid', { uid: 'sre' }],
    ['the uid', 'sre'],
    ['the name', 'Session Replay Errors'],
    ['no ref (the default)', undefined],
  ])('gets the saved instance by %s', async (_name, ref) => {
    await expect(srv.get(ref)).resolves.toBe(instance);
    expect(srv.getInstanceSettings(ref)).toBe(settings);
  });

  it('rejects another data source as Grafana does', async () => {
    await expect(srv.get({ uid: 'other' })).rejects.toEqual({ message: 'Datasource other was not found' });
    expect(srv.getInstanceSettings('other')).toBeUndefined();
  });
});
