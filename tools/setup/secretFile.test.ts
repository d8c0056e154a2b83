import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { writeSecretFile } from './secretFile';

describe('writeSecretFile', () => {
  it('writes a new file readable by its owner only', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'secret-')), 'key');
    writeSecretFile(file, 'k');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe('k');
  });

  it('narrows a file that existed world-readable', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'secret-')), 'provisioning.yaml');
    writeFileSync(file, 'old', { mode: 0o644 });
    writeSecretFile(file, 'new');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe('new');
  });
});
