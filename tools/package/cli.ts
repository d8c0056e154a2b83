import path from 'node:path';
import { checkPluginPackage, packagePlugin } from './pluginPackage';

/** `npm run package`: zips dist/ as the catalog expects it and checks it offline. */
const ROOT = path.resolve(__dirname, '../..');
const zip = packagePlugin(path.join(ROOT, 'dist'), path.join(ROOT, 'artifacts'));
const { errors, warnings } = checkPluginPackage(zip, { sourceDir: ROOT });
console.log(`Packaged ${path.relative(ROOT, zip)}`);
for (const w of warnings) {
  console.log(`warning  ${w}`);
}
for (const e of errors) {
  console.log(`error    ${e}`);
}
console.log(`${errors.length} errors, ${warnings.length} warnings`);
process.exit(errors.length ? 1 : 0);
