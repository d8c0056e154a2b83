import type { AnnotationEvent, DataFrame } from '@grafana/data';
import { REPLAY_LINK_TITLE } from './toLogsFrame';

function column(frame: DataFrame, name: string): unknown[] {
  return frame.fields.find((f) => f.name === name)?.values ?? [];
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** Log-line frames as annotations: the line as text with its replay link, level, service and session as tags. */
export function toAnnotationEvents(frames: DataFrame[]): AnnotationEvent[] {
  const events: AnnotationEvent[] = [];
  for (const frame of frames) {
    const times = column(frame, 'timestamp') as number[];
    const bodies = column(frame, 'body') as string[];
    const severities = column(frame, 'severity') as string[];
    const labels = column(frame, 'labels') as Array<Record<string, string>>;
    const urls = column(frame, 'replay_url') as string[];
    for (let i = 0; i < times.length; i++) {
      const firstLine = (bodies[i] ?? '').split('\n')[0];
      const link = urls[i]
        ? `<br><a href="${escapeHtml(urls[i])}" target="_blank" rel="noopener noreferrer">${REPLAY_LINK_TITLE}</a>`
        : '';
      const tags = [
        severities[i],
        labels[i]?.service,
        labels[i]?.session_id ? `session:${labels[i].session_id}` : undefined,
      ].filter(Boolean) as string[];
      events.push({ time: times[i], text: `${escapeHtml(firstLine)}${link}`, tags });
    }
  }
  return events;
}
