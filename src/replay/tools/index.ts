import type { ReplayToolKind } from '../../types';
import type { ReplayToolRule } from '../toolRule';
import { datadog } from './datadog';
import { faro } from './faro';
import { logRocket } from './logRocket';
import { openReplay } from './openReplay';
import { postHog } from './postHog';
import { sentry } from './sentry';
import { urlTemplate } from './urlTemplate';

/** Every replay tool's rule, by kind. */
export const REPLAY_TOOL_RULES: { [K in ReplayToolKind]: ReplayToolRule<K> } = {
  openreplay: openReplay,
  datadog,
  posthog: postHog,
  sentry,
  faro,
  logrocket: logRocket,
  template: urlTemplate,
};
