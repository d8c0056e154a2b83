import { buildEngine, opensearchVersionOf, type EngineVersion } from './embeddedEngine';

/** `npm run engine:build`: compiles both embedded engines (2.19.6 on Java 17, 3.9.0 on Temurin 25). */
const versions: EngineVersion[] = ['2', '3'];
try {
  for (const version of versions) {
    const started = Date.now();
    buildEngine(version);
    console.log(
      `embedded OpenSearch ${opensearchVersionOf(version)} built in ${((Date.now() - started) / 1000).toFixed(1)} s`
    );
  }
} catch (e) {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
}
