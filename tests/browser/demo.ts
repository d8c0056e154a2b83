import { chromium, type Browser, type ConsoleMessage, type Page } from 'playwright-core';
import { extractSessionTag } from '../../src/session/sessionTags';
import type { GrafanaHost } from '../../tools/preview/hosts';
import { demoSessions, generateDemoLogs, type LogDocument } from '../../tools/setup/demoLogs';

/** The demo data the browser tests' engine holds, and what follows from it. */
export const DEMO_LINES = 2000;
export const DEMO_SEED = 3;

type Doc = LogDocument & { message: string; '@timestamp': string; session?: { id: string } };

export function demoDocuments(): Doc[] {
  const options = { lines: DEMO_LINES, endMs: Number(process.env.SRE_DEMO_END_MS), seed: DEMO_SEED };
  return [...generateDemoLogs(options, demoSessions(options))] as Doc[];
}

export function sessionOf(doc: Doc): string | undefined {
  return doc.session?.id ?? extractSessionTag(doc.message)?.sessionId;
}

/** The session with the most lines, so that a log view has something to show. */
export function busiestSession(docs: Doc[]): { id: string; lines: Doc[] } {
  const bySession = new Map<string, Doc[]>();
  for (const doc of docs) {
    const id = sessionOf(doc);
    if (id) {
      bySession.set(id, [...(bySession.get(id) ?? []), doc]);
    }
  }
  const [id, lines] = [...bySession.entries()].sort((a, b) => b[1].length - a[1].length)[0];
  return { id, lines };
}

/** Each test file has its own preview servers: one file's saved settings never reach another. */
export const PREVIEW_SUITES = ['matrix', 'preview'] as const;

export function previewUrl(suite: (typeof PREVIEW_SUITES)[number], host: GrafanaHost): string {
  return (JSON.parse(process.env.SRE_PREVIEW_URLS!) as Record<string, Record<string, string>>)[suite][host.line];
}

export async function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-dev-shm-usage'],
  });
}

/**
 * Every error and warning the page logs, every failed request and every uncaught exception: a React
 * error (a removed API, two Reacts, an invalid hook call) shows up here first. Tests that expect a
 * failed request (an engine error) take it out themselves.
 */
export function collectConsoleProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (message: ConsoleMessage) => {
    // A failed load is reported below with its URL.
    if ((message.type() === 'error' || message.type() === 'warning') && !message.text().startsWith('Failed to load')) {
      problems.push(`${message.type()}: ${message.text()}`);
    }
  });
  page.on('response', (response) => {
    // Grafana's own fonts are not in any npm package, so the preview server cannot serve them.
    if (response.status() >= 400 && !new URL(response.url()).pathname.startsWith('/public/fonts/')) {
      problems.push(`HTTP ${response.status()} ${response.request().method()} ${response.url()}`);
    }
  });
  page.on('pageerror', (error) => problems.push(`uncaught: ${error.message}`));
  return problems;
}
