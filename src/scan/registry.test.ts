import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DETECTORS } from './registry.js';

const detectorsDir = fileURLToPath(new URL('./detectors/', import.meta.url));

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('detector registry', () => {
  const folders = readdirSync(detectorsDir).filter((n) => statSync(join(detectorsDir, n)).isDirectory());

  it('registers every detector folder, once, under its folder name', () => {
    const ids = DETECTORS.map((d) => d.id);
    assert.deepEqual([...ids].sort(), [...folders].sort());
    assert.equal(new Set(ids).size, ids.length);
  });

  for (const folder of folders) {
    it(`${folder}: has index.ts, extract.ts, extract.test.ts and fixtures with a canary secret`, () => {
      for (const file of ['index.ts', 'extract.ts', 'extract.test.ts']) assert.ok(existsSync(join(detectorsDir, folder, file)), `${folder}/${file} missing`);
      const fixtures = join(detectorsDir, folder, '__fixtures__');
      assert.ok(existsSync(fixtures), `${folder}/__fixtures__ missing`);
      const files = filesUnder(fixtures);
      assert.ok(files.length > 0, `${folder}/__fixtures__ is empty`);
      const withCanary = files.filter((f) => {
        const bytes = readFileSync(f);
        return bytes.includes('R365CANARY') || bytes.includes(Buffer.from('R365CANARY', 'utf16le')) || bytes.includes(Buffer.from(Buffer.from('R365CANARY').toString('base64').slice(0, 12)));
      });
      assert.ok(withCanary.length > 0, `${folder}: no fixture plants a R365CANARY secret`);
    });
  }

  it('gives every detector a kebab-case id, a system name and file patterns', () => {
    for (const d of DETECTORS) {
      assert.match(d.id, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      assert.ok(d.system.length > 0);
      assert.ok(d.files.length > 0);
      assert.ok(d.extract || d.extractAll, `${d.id} has neither extract nor extractAll`);
    }
  });

  it('keeps content hints stateless and plain: worker threads rebuild them from source and flags', () => {
    for (const d of DETECTORS) {
      if (!d.hint) continue;
      assert.ok(!d.hint.global && !d.hint.sticky, `${d.id}: a g or y hint keeps lastIndex between files`);
      assert.equal(String(new RegExp(d.hint.source, d.hint.flags)), String(d.hint), `${d.id}: the hint survives the trip`);
    }
  });
});
