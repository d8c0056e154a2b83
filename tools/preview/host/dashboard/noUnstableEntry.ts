// Stands for `@grafana/ui/unstable` in a Grafana line whose @grafana/ui has no such entry (11.x):
// nothing is exported, so the dashboard uses that line's Table (see PanelTable.ts).
export {};
