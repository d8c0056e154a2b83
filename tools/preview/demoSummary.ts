import { DEFAULT_SUMMARY_INDEX } from '../../src/query/errorGroupsSummary';
import { resolveSettings } from '../../src/settings';
import { summarizeErrorGroups, type SummarizeOptions, type SummarizeResult } from '../summarizer/summarizeErrorGroups';
import { provisionedJsonData } from './server';

/**
 * The error-group summary that the provisioned data source reads, written over the demo data with its
 * settings (index pattern, fields) into its summary index: for `npm start` and the tests.
 */
export async function summarizeProvisionedDemo(
  engineUrl: string,
  run: Pick<SummarizeOptions, 'sinceMs' | 'latenessMs' | 'nowMs'>
): Promise<SummarizeResult & { summaryIndex: string }> {
  const jsonData = provisionedJsonData();
  const summaryIndex = jsonData.groupsSummaryIndex ?? DEFAULT_SUMMARY_INDEX;
  const result = await summarizeErrorGroups({
    url: engineUrl,
    settings: resolveSettings(jsonData),
    summaryIndex,
    replicas: 0,
    ...run,
  });
  return { ...result, summaryIndex };
}
