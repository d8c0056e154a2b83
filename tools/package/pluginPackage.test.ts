import AdmZip from 'adm-zip';
import path from 'node:path';
import { checkPluginPackage, packagePlugin, sharedModuleProblems, sharesJsxRuntime } from './pluginPackage';
import { FRONTEND_META as GOOD, tmpDir, writeDist } from './testDist';

const dist = (meta: object, omit: string[] = []) => writeDist(meta, { omit });

const out = () => tmpDir('pkg-');

describe('packagePlugin', () => {
  it('zips dist/ under one folder named after the id', () => {
    const zip = packagePlugin(dist(GOOD), out());
    expect(path.basename(zip)).toBe('acme-thing-datasource-1.2.3.zip');
    const names = new AdmZip(zip).getEntries().map((e) => e.entryName);
    expect(names).toEqual(
      expect.arrayContaining(['acme-thing-datasource/plugin.json', 'acme-thing-datasource/img/logo.svg'])
    );
    expect(names.every((n) => n.startsWith('acme-thing-datasource/'))).toBe(true);
  });
});

describe('checkPluginPackage', () => {
  it('passes a complete package, warning only that it is unsigned', () => {
    expect(checkPluginPackage(packagePlugin(dist(GOOD), out()))).toEqual({
      errors: [],
      warnings: [expect.stringMatching(/^unsigned/)],
    });
  });

  it.each([
    [
      'an unreplaced version',
      { ...GOOD, info: { ...GOOD.info, version: '%VERSION%' } },
      [],
      /version: "%VERSION%" is not a semantic version/,
    ],
    ['a wrong type suffix', { ...GOOD, id: 'acme-thing' }, [], /typesuffix/],
    ['a missing author', { ...GOOD, info: { ...GOOD.info, author: {} } }, [], /info\.author\.name is required/],
    ['no source map', GOOD, ['module.js.map'], /jsmap/],
    ['no README', GOOD, ['README.md'], /readme/],
    ['no LICENSE', GOOD, ['LICENSE'], /license/],
    ['a missing logo file', GOOD, ['img/logo.svg'], /logos: img\/logo\.svg is not in the archive/],
    ['a missing screenshot file', GOOD, ['img/shot.png'], /screenshots: img\/shot\.png/],
  ])('reports %s', (_label, meta, omit, message) => {
    const { errors } = checkPluginPackage(packagePlugin(dist(meta, omit as string[]), out()));
    expect(errors.join('\n')).toMatch(message);
  });

  it('reports a folder that does not match the id', () => {
    const zip = new AdmZip();
    zip.addFile('other/plugin.json', Buffer.from(JSON.stringify(GOOD)));
    const file = path.join(out(), 'x.zip');
    zip.writeZip(file);
    expect(checkPluginPackage(file).errors[0]).toMatch(/must be named after the plugin id/);
  });
});

describe('sharedModuleProblems', () => {
  const amd = (deps: string[], body = '') => `define(${JSON.stringify(deps)},function(){${body}})`;

  it('passes a module that needs only what every claimed Grafana shares', () => {
    expect(sharedModuleProblems(amd(['@grafana/data', 'react', 'rxjs']), '>=11.0.0')).toEqual([]);
  });

  it('reports a bundled React runtime', () => {
    const bundled = amd(['react'], 'var o=e.__SECRET_INTERNALS_DO_NOT_USE_OR_YOU_WILL_BE_FIRED.ReactCurrentOwner');
    expect(sharedModuleProblems(bundled, '>=11.0.0')).toEqual([expect.stringMatching(/^react: module.js bundles/)]);
  });

  it.each([
    ['>=11.0.0', 1],
    ['>=11.6.10', 1],
    ['>=11.6.11', 0],
    ['>=12.2.4', 1],
    ['>=12.2.5', 0],
    ['>=13.0.0', 0],
  ])('react/jsx-runtime with grafanaDependency %s: %d problem(s)', (range, count) => {
    expect(sharedModuleProblems(amd(['react', 'react/jsx-runtime']), range)).toHaveLength(count);
  });

  it.each([
    ['11.5.9', false],
    ['11.6.11', true],
    ['12.0.9', false],
    ['12.1.7', true],
    ['12.3.0', true],
    ['13.2.3', true],
  ])('Grafana %s shares react/jsx-runtime: %s', (version, expected) => {
    expect(sharesJsxRuntime(version)).toBe(expected);
  });
});
