import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Walker } from './walker.js';

describe('Walker', () => {
  let root: string;
  before(() => {
    root = mkdtempSync(join(tmpdir(), 'r365-walker-'));
    for (let a = 0; a < 6; a++) for (let b = 0; b < 4; b++) {
      mkdirSync(join(root, `a${a}`, `b${b}`), { recursive: true });
      writeFileSync(join(root, `a${a}`, `b${b}`, 'main.cf'), 'relayhost = x\n');
      writeFileSync(join(root, `a${a}`, `b${b}`, 'notes.txt'), 'x\n');
    }
  });
  after(() => rmSync(root, { recursive: true, force: true }));

  const walker = (found: string[]) => new Walker<true>({
    wants: () => (name) => (name === 'main.cf' ? true : null),
    onCandidate: (path) => found.push(path),
    onWarning: (w) => assert.fail(`unexpected warning ${w.code} ${w.path}`),
  });

  it('gives away the bottom half of what it has not entered, and the two walks cover the tree once', () => {
    const mine: string[] = [];
    const theirs: string[] = [];
    const a = walker(mine);
    a.addRoot(root);
    a.run(() => true); // the root only: six directories pending
    assert.equal(a.stack.length, 6);
    const given = a.donate();
    assert.equal(given.length, 3, 'half of what is pending, from the bottom (entered last)');
    assert.deepEqual(given, [join(root, 'a5'), join(root, 'a4'), join(root, 'a3')]);
    assert.equal(a.stack.length, 3);
    const b = walker(theirs);
    b.stack.push(...given);
    assert.equal(a.run(), true);
    assert.equal(b.run(), true);
    assert.equal(mine.length + theirs.length, 24);
    assert.equal(new Set([...mine, ...theirs]).size, 24, 'no file twice');
    assert.equal(a.stats.filesSeen + b.stats.filesSeen, 48);
  });

  it('keeps its last directory to itself', () => {
    const a = walker([]);
    a.stack.push(root);
    assert.deepEqual(a.donate(), []);
  });
});
