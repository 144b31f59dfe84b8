import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

export async function readIfPresent(path: string): Promise<string | undefined> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * The file's content, creating it from `make` when absent. Two processes starting together (the service
 * and the dev CLI) may both make it; the first complete file wins and both answer it, because a hard link
 * never replaces an existing name.
 */
export async function createOnce(path: string, make: () => Promise<string>, mode = 0o644): Promise<string> {
  const existing = await readIfPresent(path);
  if (existing !== undefined) return existing;
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  await writeFile(temporary, await make(), { mode });
  try {
    await link(temporary, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(temporary);
  }
  return readFile(path, 'utf8');
}
