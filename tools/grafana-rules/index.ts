/**
 * Grafana's own log-view rules, each written from grafana/grafana's code (the file is named in each
 * module), as plain functions over plain data. Where @grafana/data exports the logic
 * (findHighlightChunksInText, applyFieldOverrides/getLinksSupplier, textUtil.sanitizeUrl, LogLevel),
 * the caller passes the host's export in, so the rule runs that Grafana line's real code.
 */
export * from './logRows';
export * from './logDetails';
export * from './highlight';
export * from './exploreLinks';
export * from './templateFormats';
export * from './logContext';
export * from './infiniteScroll';
export * from './logsVolume';
export * from './defaultQuery';
export * from './sharedModules';
