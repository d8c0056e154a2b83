import { sharedModuleNames } from './sharedModules';

describe('the modules Grafana shares with plugins', () => {
  it('shares react/jsx-runtime only where the line does', () => {
    expect(sharedModuleNames('11.0', false)).not.toContain('react/jsx-runtime');
    expect(sharedModuleNames('11.6', true)).toContain('react/jsx-runtime');
    expect(sharedModuleNames('13.2', true)).toEqual(expect.arrayContaining(['react/jsx-runtime', 'react-dom/client']));
  });

  it('shares the same core in every line', () => {
    for (const line of ['11.0', '12.4', '13.2']) {
      expect(sharedModuleNames(line, true)).toEqual(
        expect.arrayContaining([
          'react',
          'react-dom',
          '@grafana/data',
          '@grafana/ui',
          '@grafana/runtime',
          'rxjs',
          'lodash',
          'moment',
          '@emotion/css',
          '@emotion/react',
          'i18next',
          'react-router',
        ])
      );
    }
  });
});
