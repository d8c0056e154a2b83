import { chmodSync, writeFileSync } from 'node:fs';

/**
 * Writes a file that holds a secret, readable and writable by its owner only (0600), also when it
 * existed before with wider permissions (the mode of writeFileSync applies only to new files).
 */
export function writeSecretFile(file: string, content: string): void {
  writeFileSync(file, content, { mode: 0o600 });
  chmodSync(file, 0o600);
}
