import type { Field } from '@grafana/data';
import { FieldType } from '../grafanaData';

/**
 * The `replay_url` field of a frame: one complete replay URL a row, linked with `title`. The URL is
 * used `:raw`, so that Grafana does not URI-encode it again. None when no row has a replay.
 */
export function replayLinkField(urls: Array<string | null>, title: string): Field[] {
  if (!urls.some(Boolean)) {
    return [];
  }
  return [
    {
      name: 'replay_url',
      type: FieldType.string,
      config: { displayName: 'Replay', links: [{ title, url: '${__value.raw:raw}', targetBlank: true }] },
      values: urls,
    },
  ];
}
