import {
  FieldColorModeId,
  FieldConfigOptionsRegistry,
  type FieldConfigPropertyItem,
  type FieldConfigSource,
} from '@grafana/data';
import type { PanelModel } from './model';

/**
 * The field config defaults the panel plugin's registry adds before the dashboard's own: the time
 * series panel's (public/app/plugins/panel/timeseries/config.ts defaultGraphConfig and its builder's
 * defaults, colour `palette-classic`) and the table panel's (@grafana/schema defaultTableFieldOptions).
 * Grafana's applyFieldOverrides reads them from the plugin's fieldConfigRegistry; the preview has no
 * panel plugins, so they are merged into the defaults here.
 */
const PANEL_FIELD_DEFAULTS: Record<string, FieldConfigSource['defaults']> = {
  timeseries: {
    color: { mode: FieldColorModeId.PaletteClassic },
    custom: {
      drawStyle: 'line',
      lineInterpolation: 'linear',
      lineWidth: 1,
      fillOpacity: 0,
      gradientMode: 'none',
      barAlignment: 0,
      barWidthFactor: 0.6,
      stacking: { mode: 'none', group: 'A' },
      axisGridShow: true,
      axisCenteredZero: false,
      axisBorderShow: false,
      axisPlacement: 'auto',
      axisLabel: '',
      axisColorMode: 'text',
      scaleDistribution: { type: 'linear' },
      hideFrom: { tooltip: false, viz: false, legend: false },
      spanNulls: false,
      insertNulls: false,
      showPoints: 'auto',
      pointSize: 5,
      thresholdsStyle: { mode: 'off' },
    },
  },
  table: { custom: { align: 'auto', inspect: false, cellOptions: { type: 'auto' } } },
};

/**
 * The field config registry applyFieldOverrides copies defaults and overrides through: Grafana
 * builds it from the standard options and the panel plugin's custom options
 * (createFieldConfigRegistry in @grafana/data's panel/registryFactories.ts, editors from
 * public/app/core/components/OptionsUI/registry.tsx), and only the options it lists are applied.
 * The preview has no editors: one pass-through item for each option the panel's config sets.
 */
export function fieldConfigRegistry(source: FieldConfigSource): FieldConfigOptionsRegistry {
  const standard = new Set(Object.keys(source.defaults).filter((key) => key !== 'custom'));
  const custom = new Set(Object.keys(source.defaults.custom ?? {}));
  for (const property of source.overrides.flatMap((o) => o.properties)) {
    if (property.id.startsWith('custom.')) {
      custom.add(property.id.slice('custom.'.length));
    } else {
      standard.add(property.id);
    }
  }
  const item = (id: string, path: string, isCustom: boolean): FieldConfigPropertyItem => ({
    id,
    path,
    name: id,
    isCustom,
    process: (value: unknown) => value,
    shouldApply: () => true,
    editor: () => null,
    override: () => null,
  });
  return new FieldConfigOptionsRegistry(() => [
    ...[...standard].map((key) => item(key, key, false)),
    ...[...custom].map((key) => item(`custom.${key}`, key, true)),
  ]);
}

/** The panel's field config with its plugin's defaults under it, as Grafana's registry would add them. */
export function panelFieldConfig(panel: PanelModel): FieldConfigSource {
  const own = panel.fieldConfig ?? { defaults: {}, overrides: [] };
  const plugin = PANEL_FIELD_DEFAULTS[panel.type] ?? {};
  return {
    defaults: { ...plugin, ...own.defaults, custom: { ...plugin.custom, ...own.defaults?.custom } },
    overrides: own.overrides ?? [],
  };
}
