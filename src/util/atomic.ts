import { lstat, mkdir, open, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, basename, join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * Write a file atomically: a temp file beside it, fsync, then rename over the target. A target that is not a
 * regular file is written to, never replaced: renaming over `--out /dev/null` (as root) would turn the device
 * into a file, and over a FIFO would cut off its reader. A symlink is written through, so the link stays.
 */
export async function writeFileAtomic(path: string, data: string | Uint8Array, mode = 0o644): Promise<void> {
  const target = await resolveTarget(path);
  if (target.special) {
    await writeFile(target.path, data);
    return;
  }
  const dir = dirname(target.path);
  await mkdir(dir, { recursive: true });
  const tmp = join(dir, `.${basename(target.path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await writeFile(tmp, data, { mode });
    const handle = await open(tmp, 'r+');
    try { await handle.sync(); } finally { await handle.close(); }
    await rename(tmp, target.path);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}

/** Where the bytes go: the file a symlink points to, and whether it is a device or FIFO rather than a file. */
async function resolveTarget(path: string): Promise<{ path: string; special: boolean }> {
  let link;
  try {
    link = await lstat(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { path, special: false };
    throw error;
  }
  let real = path;
  let st = link;
  if (link.isSymbolicLink()) {
    try {
      real = await realpath(path);
      st = await stat(real);
    } catch (error) {
      // a dangling link: the file it names is created (through the link's own directory)
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { path, special: false };
      throw error;
    }
  }
  if (st.isDirectory()) throw Object.assign(new Error(`${path} is a directory`), { code: 'EISDIR' });
  return { path: real, special: !st.isFile() };
}
