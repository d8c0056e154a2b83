import type { ResolvedSettings } from '../types';
import {
  LayoutReading,
  type LayoutDetection,
  type LayoutEvidence,
  type ProposedSettingKey,
  type SettingProposal,
} from './detectLayout';
import { FIELD_SETTINGS, FIELD_SETTING_RULES } from './layouts';

/** What a setting is now, as the plugin uses it (defaults applied). */
export function currentValue(settings: ResolvedSettings, setting: ProposedSettingKey): string | string[] | undefined {
  return settings[setting];
}

/**
 * Whether a proposal leaves a setting as it is. Session fields are an ordered list (the first one
 * serves the aggregations); message tags and detail fields are sets.
 */
export function proposalMatches(proposal: SettingProposal, current: string | string[] | undefined): boolean {
  if (!Array.isArray(proposal.value)) {
    return proposal.value === current;
  }
  const now = Array.isArray(current) ? current : [];
  if (proposal.setting === 'sessionFields') {
    return proposal.value.join('\n') === now.join('\n');
  }
  return proposal.value.length === now.length && proposal.value.every((v: string) => now.includes(v));
}

/** The proposals that would change the settings. */
export function changedProposals(detection: Pick<LayoutDetection, 'proposals'>, settings: ResolvedSettings) {
  return detection.proposals.filter((p) => !proposalMatches(p, currentValue(settings, p.setting)));
}

/**
 * What the saved settings name that the cluster does not hold, where detection found what it holds
 * instead: a field no index maps (a message field only as an alias, which `_source` lacks), session fields where
 * none are saved, tags on sampled lines that the saved tags leave out. Each a short clause.
 */
export function settingsMismatches(
  evidence: LayoutEvidence,
  detection: Pick<LayoutDetection, 'proposals' | 'tags'>,
  settings: ResolvedSettings
): string[] {
  const reading = new LayoutReading(evidence);
  const proposal = (setting: ProposedSettingKey) => detection.proposals.find((p) => p.setting === setting);
  const mismatches: string[] = [];
  for (const setting of FIELD_SETTINGS) {
    const saved = settings[setting];
    const proposed = proposal(setting);
    // Read from `_source`, the message needs the field itself; the rest take aliases and sub-fields.
    const usable = (field: string) =>
      FIELD_SETTING_RULES[setting].fromSource ? reading.readable(field) : reading.mapped(field);
    if (saved !== undefined && proposed && proposed.value !== saved && !usable(saved)) {
      const where = reading.mapped(saved) ? 'is only an alias here, absent from the lines' : 'is in no index';
      mismatches.push(`the ${FIELD_SETTING_RULES[setting].label} "${saved}" ${where} ("${proposed.value}" is there)`);
    }
  }
  const sessionFields = proposal('sessionFields');
  if (sessionFields && !settings.sessionFields.some((f) => reading.mapped(f))) {
    const saved = settings.sessionFields.length
      ? `no index has the session fields ${settings.sessionFields.map((f) => `"${f}"`).join(', ')}`
      : 'no session field is set';
    const found = sessionFields.value as string[];
    const hold = found.length === 1 ? 'holds' : 'hold';
    mismatches.push(`${saved}, but ${found.map((f) => `"${f}"`).join(', ')} ${hold} session ids`);
  }
  for (const sighting of detection.tags.filter((t) => !settings.messageTags.includes(t.tag))) {
    mismatches.push(
      `${sighting.lines} sampled ${sighting.lines === 1 ? 'line carries' : 'lines carry'} "${sighting.tag}=<id>", which the saved message tags leave out`
    );
  }
  return mismatches;
}

/** "Elastic OTel-native logs", or "ECS logs (with OpenSearch Data Prepper logs in other indices)". */
export function describeLayouts(detection: Pick<LayoutDetection, 'layouts'>): string | undefined {
  const [main, ...others] = detection.layouts.filter((layout, i) => i === 0 || layout.indices.length > 0);
  if (!main) {
    return undefined;
  }
  return others.length ? `${main.name} (with ${others.map((l) => l.name).join(' and ')} in other indices)` : main.name;
}

/**
 * Save & test's advice when the saved settings contradict the cluster: what does not match, what
 * the cluster looks like, and where the proposal is. Nothing is changed: the editor applies it.
 */
export function layoutAdvice(
  indexPattern: string,
  detection: Pick<LayoutDetection, 'layouts'>,
  mismatches: readonly string[]
): string | undefined {
  if (mismatches.length === 0) {
    return undefined;
  }
  const looks = describeLayouts(detection);
  return [
    `The saved settings do not match what "${indexPattern}" holds: ${mismatches.join('; ')}.`,
    looks
      ? `This looks like ${looks}: apply the proposed settings in the editor (Detect layout).`
      : 'Detect layout in the editor proposes settings.',
  ].join(' ');
}
