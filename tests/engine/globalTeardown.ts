import type { Config } from '@jest/types';
import { engineProjectOptions, runningEngines } from './globalSetup';

export default async function globalTeardown(_globalConfig: Config.GlobalConfig, projectConfig: Config.ProjectConfig) {
  const { engineUrlVariable } = engineProjectOptions(projectConfig);
  await runningEngines().get(engineUrlVariable)?.stop();
  runningEngines().delete(engineUrlVariable);
}
