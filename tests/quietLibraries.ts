// Runs before any test file imports @grafana/ui: i18next's documented switch for its console
// banner, so that a test log carries only what the tests say.
process.env.I18NEXT_NO_SUPPORT_NOTICE = '1';
