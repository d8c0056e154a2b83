import '../../../node/browserGlobals';
import { applyFieldOverrides, createTheme, FieldType, type DataFrame } from '@grafana/data';
import { DRILLDOWN_DASHBOARD_UID } from '../../../../src/response/toSessionsFrame';
import { GROUPS_DASHBOARD_UID } from '../../../../src/response/toErrorGroupsFrame';
import { fieldConfigRegistry, panelFieldConfig } from './fieldConfig';
import { DASHBOARDS, dashboardByUid, dashboardPath, gridBox } from './model';
import { customVariableOptions, formatAdHocFilter, parseAdHocFilters } from './variables';

const series: DataFrame = {
  length: 2,
  fields: [
    { name: 'time', type: FieldType.time, config: {}, values: [1, 2] },
    { name: 'count', type: FieldType.number, config: {}, values: [3, 4] },
  ],
};

describe('the provisioned dashboards in the preview', () => {
  test('the plugin’s links lead to the dashboards the preview draws, at the paths Grafana gives them', () => {
    expect(DASHBOARDS.map((d) => d.uid)).toEqual([
      'sre-session-errors-overview',
      DRILLDOWN_DASHBOARD_UID,
      GROUPS_DASHBOARD_UID,
    ]);
    expect(dashboardPath(dashboardByUid(DRILLDOWN_DASHBOARD_UID)!)).toBe('/d/sre-session-drilldown/session-drill-down');
    expect(dashboardPath(dashboardByUid(GROUPS_DASHBOARD_UID)!)).toBe('/d/sre-error-groups/error-groups');
  });

  test('grid positions become boxes of 24 columns, 30 px rows and 8 px margins', () => {
    // 24 columns and 23 margins in 1000 px: a column is (1000 - 184) / 24 = 34 px.
    expect(gridBox({ x: 0, y: 0, w: 24, h: 8 }, 1000)).toEqual({ left: 0, top: 0, width: 1000, height: 296 });
    expect(gridBox({ x: 12, y: 8, w: 12, h: 2 }, 1000)).toEqual({ left: 504, top: 304, width: 496, height: 68 });
  });

  test('a time series panel’s field config reaches its fields, over the panel plugin’s defaults', () => {
    const timeline = DASHBOARDS[1].panels.find((p) => p.type === 'timeseries')!;
    const fieldConfig = panelFieldConfig(timeline);
    const [frame] = applyFieldOverrides({
      data: [series],
      fieldConfig,
      fieldConfigRegistry: fieldConfigRegistry(fieldConfig),
      replaceVariables: (v) => v,
      theme: createTheme(),
    });
    const count = frame.fields[1];
    expect(count.config.custom).toMatchObject({ drawStyle: 'bars', stacking: { mode: 'normal' }, lineWidth: 1 });
    expect(count.config.unit).toBe('short');
    expect(count.config.color).toEqual({ mode: 'palette-classic' });
    // Without the registry applyFieldOverrides copies none of it, as Grafana copies only registered options.
    const [bare] = applyFieldOverrides({
      data: [series],
      fieldConfig,
      replaceVariables: (v) => v,
      theme: createTheme(),
    });
    expect(bare.fields[1].config.custom).toBeUndefined();
  });

  test('ad hoc filters round-trip through the URL form Grafana writes', () => {
    const filters = [
      { key: 'service.name', operator: '=', value: 'checkout' },
      { key: 'url.path', operator: '!=', value: 'a|b' },
    ];
    expect(filters.map(formatAdHocFilter)).toEqual(['service.name|=|checkout', 'url.path|!=|a__gfp__b']);
    expect(parseAdHocFilters(filters.map(formatAdHocFilter))).toEqual(filters);
    expect(parseAdHocFilters(['no-operator'])).toEqual([]);
  });

  test('a custom variable’s options: commas, escaped commas and `text : value` pairs', () => {
    expect(customVariableOptions('a, b\\,c ,Checkout : checkout')).toEqual(['a', 'b,c', 'checkout']);
  });
});
