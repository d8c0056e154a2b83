/**
 * yaml's browser build is an ES module; its node build is what this test reads the provisioning file with.
 * @jest-environment-options {"customExportConditions": ["node", "require"]}
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { openReplaySessionIdAt } from '../session/sessionId';
import type { SessionErrorsOptions } from '../types';
import { replayUrlFor } from './replayLink';
import {
  DEFAULT_LEAD_IN_SECONDS,
  leadInMs,
  replayToolRule,
  resolveReplayTool,
  resolveReplayTools,
  savedReplayTools,
  toolSources,
} from './replayTools';
import { REPLAY_TOOL_RULES } from './tools';

describe('savedReplayTools', () => {
  it.each([
    [{}, []],
    [{ replayLink: 'none' as const, openReplayUrl: 'https://or', openReplayProjectId: '7' }, []],
    [
      {
        replayLink: 'openreplay' as const,
        openReplayUrl: 'https://or',
        openReplayProjectId: '7',
        jumpMode: 'offset' as const,
      },
      [{ kind: 'openreplay', url: 'https://or', projectId: '7', jumpMode: 'offset' }],
    ],
    // Saved before replayLink: the tool whose settings are there.
    [
      { openReplayUrl: 'https://or', openReplayProjectId: '7' },
      [{ kind: 'openreplay', url: 'https://or', projectId: '7', jumpMode: undefined }],
    ],
    [{ replayUrlTemplate: 'https://x/{sessionId}' }, [{ kind: 'template', template: 'https://x/{sessionId}' }]],
    [
      { openReplayUrl: 'https://or', replayUrlTemplate: 'https://x/{sessionId}' },
      [{ kind: 'openreplay', url: 'https://or', projectId: undefined, jumpMode: undefined }],
    ],
    [
      { replayLink: 'template' as const, openReplayUrl: 'https://or', replayUrlTemplate: 'https://x/{sessionId}' },
      [{ kind: 'template', template: 'https://x/{sessionId}' }],
    ],
  ])('reads the one tool saved before lists: %o', (options, expected) => {
    expect(savedReplayTools(options)).toEqual(expected);
  });

  it('reads the saved list first, an empty one too', () => {
    const legacy = { replayLink: 'openreplay' as const, openReplayUrl: 'https://or', openReplayProjectId: '7' };
    const list = [{ kind: 'datadog' as const, site: 'datadoghq.eu' }];
    expect(savedReplayTools({ ...legacy, replayTools: list })).toBe(list);
    expect(savedReplayTools({ ...legacy, replayTools: [] })).toEqual([]);
  });
});

describe('toolSources', () => {
  it.each([
    [undefined, []],
    [
      [' session.id ', '', 'session.id', 'openReplaySession.id', 3],
      ['session.id', 'openReplaySession.id'],
    ],
    ['session.id', ['session.id']],
    [' ', []],
    [{}, []],
  ])('%p is %p', (sources, expected) => {
    expect(toolSources(sources)).toEqual(expected);
  });
});

describe('leadInMs', () => {
  it.each([
    [undefined, DEFAULT_LEAD_IN_SECONDS * 1000],
    [0, 0],
    [2.5, 2500],
    [-3, 0],
    [Number.NaN, 0],
  ])('%p s is %p ms', (seconds, ms) => {
    expect(leadInMs(seconds)).toBe(ms);
  });

  it('is 5 s by default', () => {
    expect(DEFAULT_LEAD_IN_SECONDS).toBe(5);
  });
});

describe('replayToolRule', () => {
  it("names each tool as the editor and a line's reasons do", () => {
    expect(Object.values(REPLAY_TOOL_RULES).map((rule) => rule.label)).toEqual([
      'OpenReplay',
      'Datadog RUM',
      'PostHog',
      'Sentry',
      'Grafana Frontend Observability (Faro)',
      'LogRocket',
      'Custom URL template',
    ]);
  });

  it('knows every kind, and no other', () => {
    for (const [kind, rule] of Object.entries(REPLAY_TOOL_RULES)) {
      expect(replayToolRule(kind)).toBe(rule);
      expect(rule.kind).toBe(kind);
    }
    expect(replayToolRule('highlight')).toBeUndefined();
    expect(replayToolRule('constructor')).toBeUndefined();
    expect(replayToolRule(undefined)).toBeUndefined();
  });
});

describe('resolveReplayTool', () => {
  it('resolves a setting with the lead-in and its sources', () => {
    expect(
      resolveReplayTool({ kind: 'datadog', site: 'datadoghq.eu', sources: [' session.id ', 'session.id'] }, 2)
    ).toEqual({
      tool: {
        kind: 'datadog',
        sessionsUrl: 'https://app.datadoghq.eu/rum/replay/sessions/',
        leadInMs: 2000,
        sources: ['session.id'],
      },
    });
  });

  it('says what to fix', () => {
    expect(resolveReplayTool({ kind: 'faro', url: 'https://g', appId: 'x' }, undefined)).toEqual({
      problems: [
        { key: 'appId', message: "Enter the app id: the number after /apps/ in Frontend Observability's URLs." },
      ],
    });
  });

  it('resolves no tool of a kind it does not know', () => {
    expect(resolveReplayTool({ kind: 'highlight' } as never, undefined)).toEqual({ problems: [] });
    expect(resolveReplayTool(null as never, undefined)).toEqual({ problems: [] });
  });
});

describe('resolveReplayTools', () => {
  it('keeps the tools that can link, in order, each with the lead-in', () => {
    const options: SessionErrorsOptions = {
      leadInSeconds: 3,
      replayTools: [
        { kind: 'posthog', projectId: '1', sources: ['sessionId'] },
        { kind: 'sentry' },
        { kind: 'highlight' } as never,
        { kind: 'openreplay', url: 'https://or/', projectId: '2', sources: ['openReplaySession.id'] },
      ],
    };
    expect(resolveReplayTools(options)).toEqual([
      {
        kind: 'posthog',
        sessionsUrl: 'https://us.posthog.com/project/1/replay/',
        leadInMs: 3000,
        sources: ['sessionId'],
      },
      {
        kind: 'openreplay',
        sessionsUrl: 'https://or/2/session/',
        jumpMode: 'absolute',
        leadInMs: 3000,
        sources: ['openReplaySession.id'],
      },
    ]);
  });

  it.each([
    [
      'javascript: OpenReplay URL',
      { replayLink: 'openreplay', openReplayUrl: 'javascript:alert(1)//', openReplayProjectId: '1' },
    ],
    ['data: OpenReplay URL', { replayLink: 'openreplay', openReplayUrl: 'data:text/html,x', openReplayProjectId: '1' }],
    [
      'OpenReplay URL without a scheme',
      { replayLink: 'openreplay', openReplayUrl: 'replay.acme.io', openReplayProjectId: '1' },
    ],
    ['OpenReplay without a project', { replayLink: 'openreplay', openReplayUrl: 'https://or' }],
    ['javascript: template', { replayLink: 'template', replayUrlTemplate: 'javascript:alert("{sessionId}")' }],
    ['template without the session', { replayLink: 'template', replayUrlTemplate: 'https://x.test/' }],
  ] as const)('builds no links from a %s', (_label, options) => {
    expect(resolveReplayTools(options)).toEqual([]);
  });

  it.each([
    [
      { replayLink: 'openreplay' as const, openReplayUrl: 'https://or.example.com/', openReplayProjectId: '7' },
      {
        kind: 'openreplay',
        sessionsUrl: 'https://or.example.com/7/session/',
        jumpMode: 'absolute',
        leadInMs: 5000,
        sources: [],
      },
    ],
    [
      {
        openReplayUrl: 'HTTPS://replay.acme.io/',
        openReplayProjectId: '7',
        jumpMode: 'offset' as const,
        leadInSeconds: 0,
      },
      {
        kind: 'openreplay',
        sessionsUrl: 'HTTPS://replay.acme.io/7/session/',
        jumpMode: 'offset',
        leadInMs: 0,
        sources: [],
      },
    ],
    [
      { replayLink: 'template' as const, replayUrlTemplate: 'http://x.test/{sessionId}', leadInSeconds: 2 },
      { kind: 'template', template: 'http://x.test/{sessionId}', leadInMs: 2000, sources: [] },
    ],
  ])('keeps the settings saved before lists working: %o', (options, tool) => {
    expect(resolveReplayTools(options)).toEqual([tool]);
  });

  it('keeps the provisioned demo data source linking as before (provisioning/datasources)', () => {
    const file = readFileSync(
      path.join(__dirname, '../../provisioning/datasources/session-replay-errors.yaml'),
      'utf8'
    );
    const jsonData = (parse(file) as { datasources: Array<{ jsonData: SessionErrorsOptions }> }).datasources[0]
      .jsonData;
    expect(jsonData).toMatchObject({ replayLink: 'openreplay' });
    expect(jsonData.replayTools).toBeUndefined();
    const id = openReplaySessionIdAt(Date.UTC(2026, 0, 15, 10, 30), 1);
    const at = Date.UTC(2026, 0, 15, 10, 31);
    // The tag as the demo lines carry it, and the session field.
    for (const source of ['openReplaySession.id', 'session.id', undefined]) {
      expect(replayUrlFor(resolveReplayTools(jsonData), { source, sessionId: id, timeMs: at })).toBe(
        `${jsonData.openReplayUrl}/${jsonData.openReplayProjectId}/session/${id}?jumpto=${at - 5000}`
      );
    }
  });
});
