import { Table } from '@grafana/ui';
import * as unstable from '@grafana/ui/unstable';

/**
 * The table the host line's table panel draws: Grafana 12+'s TablePanel
 * (public/app/plugins/panel/table/TablePanel.tsx) draws TableNG (react-data-grid, from
 * `@grafana/ui/unstable`); 11.x, whose @grafana/ui has no such entry, the react-table Table.
 * Both take the same props.
 */
export const PanelTable: typeof Table = (unstable as unknown as { TableNG?: typeof Table }).TableNG ?? Table;
