import { replayToolRule } from '../replay/replayTools';
import { REPLAY_TOOL_KINDS, type ReplayToolSetting } from '../types';
import { REPLAY_TOOL_FORMS } from './replayToolForms';

describe('REPLAY_TOOL_FORMS', () => {
  it.each(REPLAY_TOOL_KINDS)('%s: every problem its rule can find is shown beside a field of its form', (kind) => {
    const rule = replayToolRule(kind)!;
    const keys = REPLAY_TOOL_FORMS[kind].fields.map((f) => f.key);
    // Blank settings, then settings no rule accepts: between them every key a rule checks.
    const blank: ReplayToolSetting = { kind };
    const wrong: ReplayToolSetting = {
      kind,
      url: 'not a url',
      projectId: '/',
      appId: '/',
      org: '/',
      site: 'x',
      subdomain: '/',
      template: 'x',
    };
    const problems = [blank, wrong].flatMap((setting) => {
      const resolved = rule.resolve(setting, { leadInMs: 0, sources: [] });
      return 'problems' in resolved ? resolved.problems : [];
    });
    expect(problems.length).toBeGreaterThan(0);
    for (const problem of problems) {
      expect(keys).toContain(problem.key);
    }
  });

  it.each(REPLAY_TOOL_KINDS)('%s: asks for each setting once, with a label and a description', (kind) => {
    const fields = REPLAY_TOOL_FORMS[kind].fields;
    expect(new Set(fields.map((f) => f.key)).size).toBe(fields.length);
    for (const field of fields) {
      expect(field.label).not.toBe('');
      expect(field.description).not.toBe('');
    }
  });

  it.each(REPLAY_TOOL_KINDS)('%s: its placeholders, typed in, are settings its rule takes', (kind) => {
    const setting: ReplayToolSetting = { kind };
    for (const field of REPLAY_TOOL_FORMS[kind].fields) {
      Object.assign(setting, { [field.key]: field.placeholder ?? field.options?.[0]?.value });
    }
    // A self-hosted Sentry or Grafana needs nothing more; the placeholders are real examples.
    expect('tool' in replayToolRule(kind)!.resolve(setting, { leadInMs: 0, sources: [] })).toBe(true);
  });
});
