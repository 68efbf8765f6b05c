import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createReadStream, lstatSync, mkdtempSync, readFileSync, readlinkSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic.js';

describe('writeFileAtomic', () => {
  it('replaces a regular file whole and leaves no temp file behind', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relay365-atomic-'));
    try {
      writeFileSync(join(dir, 'plan.yaml'), 'old');
      await writeFileAtomic(join(dir, 'plan.yaml'), 'new');
      assert.equal(readFileSync(join(dir, 'plan.yaml'), 'utf8'), 'new');
      assert.deepEqual(await readdir(dir), ['plan.yaml']);
      await assert.rejects(writeFileAtomic(dir, 'x'), /is a directory/);
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });

  it('writes through a symlink (the link stays) and into a FIFO (never replaced, as /dev/null must not be)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'relay365-atomic-'));
    try {
      writeFileSync(join(dir, 'real.json'), '{}');
      symlinkSync(join(dir, 'real.json'), join(dir, 'link.json'));
      await writeFileAtomic(join(dir, 'link.json'), '{"a":1}');
      assert.ok(lstatSync(join(dir, 'link.json')).isSymbolicLink(), 'still a link');
      assert.equal(readlinkSync(join(dir, 'link.json')), join(dir, 'real.json'));
      assert.equal(readFileSync(join(dir, 'real.json'), 'utf8'), '{"a":1}');
      const fifo = join(dir, 'pipe');
      assert.equal(spawnSync('mkfifo', [fifo]).status, 0, 'mkfifo');
      const chunks: Buffer[] = [];
      const reader = new Promise<string>((resolve, reject) => {
        createReadStream(fifo).on('data', (c) => { chunks.push(Buffer.from(c)); }).on('end', () => resolve(Buffer.concat(chunks).toString())).on('error', reject);
      });
      await writeFileAtomic(fifo, 'inventory');
      assert.equal(await reader, 'inventory');
      assert.ok(statSync(fifo).isFIFO(), 'the FIFO is still a FIFO');
      assert.deepEqual((await readdir(dir)).sort(), ['link.json', 'pipe', 'real.json'], 'no temp file beside it');
    } finally { rmSync(dir, { recursive: true, force: true }); }
  });
});
