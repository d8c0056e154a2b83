import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The Python helper's own tests (pytest), run as part of `npm test`. */
const ROOT = path.resolve(__dirname, '../..');
const PYTHON = path.join(ROOT, '.venv/bin/python');

it('passes its pytest suite', () => {
  if (!existsSync(PYTHON)) {
    throw new Error('The Python helper is not installed: run `npm run python:install` (or `npm run test:install`).');
  }
  const result = spawnSync(PYTHON, ['-m', 'pytest', 'helpers/python'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 120_000,
  });
  if (result.status !== 0) {
    throw new Error(`pytest failed (exit ${result.status}):\n${result.stdout}\n${result.stderr}`);
  }
  expect(result.stdout).toMatch(/\d+ passed/);
  expect(result.stdout).not.toMatch(/failed|error/i);
});
