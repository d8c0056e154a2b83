import { Field } from '@grafana/ui';
import React from 'react';
import { replayLinkAt } from '../replay/replayUrlAt';
import { REPLAY_TOOL_RULES } from '../replay/tools';
import type { ReplayTool } from '../types';

/** A fixed example error a minute into its session, so that the example does not change as you look. */
export const EXAMPLE_ERROR_MS = Date.UTC(2026, 0, 15, 10, 31, 0);
export const EXAMPLE_START_MS = EXAMPLE_ERROR_MS - 60_000;

/** What a click on a line's replay link opens, for an example id of the tool's shape. */
export function ReplayExampleLink({ tool }: { tool: ReplayTool }) {
  const rule = REPLAY_TOOL_RULES[tool.kind];
  const sessionId = rule.exampleSessionId(EXAMPLE_START_MS);
  // Every rule's example id fits it and links (the rules' tests check): a link to show for each tool.
  const link = replayLinkAt(tool, sessionId, EXAMPLE_ERROR_MS);
  return (
    <Field
      label="Example link"
      description={`An error at ${new Date(EXAMPLE_ERROR_MS).toISOString()}, a minute into session ${sessionId}, opens:`}
    >
      <div>
        <code data-testid="replay-example">{link.url}</code>
        {link.url && link.note && <div data-testid="replay-example-note">{link.note}</div>}
      </div>
    </Field>
  );
}
