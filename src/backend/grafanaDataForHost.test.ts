import * as grafana from '@grafana/data';
import * as host from './grafanaDataForHost';

describe('the backend’s stand-in for the core’s use of @grafana/data', () => {
  it.each([
    ['FieldType', host.FieldType, grafana.FieldType],
    ['LogLevel', host.LogLevel, grafana.LogLevel],
  ] as const)('%s is @grafana/data’s, every key and value', (_name, ours, theirs) => {
    expect({ ...ours }).toEqual({ ...theirs });
  });

  it('DataFrameType has @grafana/data’s values for every type it names', () => {
    for (const [key, value] of Object.entries(host.DataFrameType)) {
      expect(grafana.DataFrameType[key as keyof typeof grafana.DataFrameType]).toBe(value);
    }
  });

  it.each(['5m', '1h', '30s', '250ms', '7d', '2w', '1M', '1y', '15', '1.5h', '-2m', '0m', '10x', '', 'h', '5 m'])(
    'intervalToMs(%p) answers or throws as rangeUtil does',
    (text) => {
      const outcome = (f: (t: string) => number) => {
        try {
          return { value: f(text) };
        } catch (e) {
          return { error: (e as Error).message };
        }
      };
      expect(outcome(host.rangeUtil.intervalToMs)).toEqual(outcome(grafana.rangeUtil.intervalToMs));
    }
  );
});
