import React from 'react';
import { Button, Field, FieldSet, Input, Stack, Switch } from '@grafana/ui';
import { dataLinkProblem } from '../links/dataLinks';
import type { DataLinkSetting } from '../types';
import { withJsonData, type Options } from './optionsUpdate';

interface Props {
  options: Options;
  onOptionsChange: (options: Options) => void;
}

/** Links on log fields beside the replay link: a URL, or a query in another data source (a trace in Tempo). */
export function DataLinksSettings({ options, onOptionsChange }: Props) {
  const links = options.jsonData.dataLinks ?? [];
  const set = (next: DataLinkSetting[]) => onOptionsChange(withJsonData(options, { dataLinks: next }));
  const update = (index: number, patch: Partial<DataLinkSetting>) =>
    set(links.map((link, i) => (i === index ? { ...link, ...patch } : link)));

  return (
    <FieldSet label="Data links">
      {links.map((link, i) => {
        const n = i + 1;
        const internal = link.datasourceUid !== undefined;
        const problem = link.field || link.url ? dataLinkProblem(link) : undefined;
        return (
          <div key={i} data-testid="data-link" style={{ marginBottom: 16 }}>
            <Stack direction="row" gap={2} alignItems="flex-end" wrap="wrap">
              <Field label="Field" description="A field name, or a /regular expression/">
                <Input
                  width={24}
                  aria-label={`Data link ${n} field`}
                  value={link.field}
                  placeholder="trace.id"
                  onChange={(e) => update(i, { field: e.currentTarget.value })}
                />
              </Field>
              <Field label="Title">
                <Input
                  width={20}
                  aria-label={`Data link ${n} title`}
                  value={link.title ?? ''}
                  placeholder="Open trace"
                  onChange={(e) => update(i, { title: e.currentTarget.value })}
                />
              </Field>
              <Field label="Internal link" description="To another data source">
                <Switch
                  aria-label={`Data link ${n} internal`}
                  value={internal}
                  onChange={(e) => update(i, { datasourceUid: e.currentTarget.checked ? '' : undefined })}
                />
              </Field>
              {internal && (
                <Field label="Data source uid">
                  <Input
                    width={20}
                    aria-label={`Data link ${n} data source uid`}
                    value={link.datasourceUid ?? ''}
                    placeholder="tempo"
                    onChange={(e) => update(i, { datasourceUid: e.currentTarget.value })}
                  />
                </Field>
              )}
              <Field label={internal ? 'Query' : 'URL'} description="${__value.raw} is the field's value">
                <Input
                  width={40}
                  aria-label={`Data link ${n} ${internal ? 'query' : 'URL'}`}
                  value={link.url}
                  placeholder={internal ? '${__value.raw}' : 'https://tracing.example/trace/${__value.raw}'}
                  onChange={(e) => update(i, { url: e.currentTarget.value })}
                />
              </Field>
              <Button
                variant="secondary"
                icon="trash-alt"
                aria-label={`Remove data link ${n}`}
                onClick={() => set(links.filter((_, j) => j !== i))}
              />
            </Stack>
            {problem && (
              <div role="alert" style={{ color: '#ff5286', fontSize: 12 }}>
                {problem}
              </div>
            )}
          </div>
        );
      })}
      <Button variant="secondary" icon="plus" onClick={() => set([...links, { field: '', url: '' }])}>
        Add data link
      </Button>
    </FieldSet>
  );
}
