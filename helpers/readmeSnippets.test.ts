import { readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The README's "Tagging your backend" snippets are the sample code the tests run: each region
 * between `snippet:<name> start` and `end` in the samples (tests/samples, and the end-to-end test's
 * OpenTelemetry service) must appear in the README as is.
 */
const ROOT = path.resolve(__dirname, '..');
const README = readFileSync(path.join(ROOT, 'README.md'), 'utf8');

function snippet(file: string, name: string): string {
  const text = readFileSync(path.join(ROOT, file), 'utf8');
  const match = new RegExp(`snippet:${name} start\\n([\\s\\S]*?)\\n[^\\n]*snippet:${name} end`).exec(text);
  if (!match) {
    throw new Error(`no snippet "${name}" in ${file}`);
  }
  return match[1];
}

it.each([
  ['tests/samples/browserApp.ts', 'browser'],
  ['tests/samples/nodeService.ts', 'node'],
  ['tests/samples/python_service.py', 'python'],
  ['tests/engine/otelService/service.ts', 'otel'],
])('the README shows the %s snippet "%s" exactly as tested', (file, name) => {
  const code = snippet(file, name);
  expect(code.split('\n').length).toBeGreaterThan(3);
  expect(README).toContain(code);
});
