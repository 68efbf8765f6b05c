// The native walker (native/walk.c) against the JavaScript walker: the same findings and warnings on the
// detectors' own fixtures, the example fleet and a tree of every awkward case; its name rules pick every file
// a detector wants; its keyword filter never drops a file whose hint would match.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Inventory } from '../inventory/types.js';
import { decode } from './decode.js';
import { requiredLiterals } from './literals.js';
import { DetectorMatcher } from './match.js';
import { listSpec, nativeAddon, readRules, replayListing, startListing } from './native.js';
import { DETECTORS } from './registry.js';
import { scanPaths } from './scan.js';
import { Walker, walkRules } from './walker.js';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const detectorsDir = join(repo, 'src', 'scan', 'detectors');

/** Both walkers over the same roots: findings, warnings and files seen must agree. */
async function bothWalkers(roots: string[], options: { includeVendored?: boolean; maxFileBytes?: number } = {}): Promise<{ native: Inventory; js: Inventory }> {
  const native = (await scanPaths({ roots, native: true, ...options })).inventory;
  const js = (await scanPaths({ roots, workers: 1, ...options })).inventory;
  return { native, js };
}

function assertSame(native: Inventory, js: Inventory): void {
  const strip = (i: Inventory) => i.findings.map((f) => ({ ...f, id: '' }));
  assert.deepEqual(strip(native), strip(js));
  assert.deepEqual(native.warnings, js.warnings);
  assert.equal(native.stats.filesSeen, js.stats.filesSeen);
  // the native reader also reads files a rule picked that no detector wants in the end: never fewer
  assert.ok(native.stats.filesRead >= js.stats.filesRead, `${native.stats.filesRead} < ${js.stats.filesRead}`);
}

/** Where the build can make the addon: not Windows, not turned off, and a C compiler on the PATH (else the JavaScript walker is the design). */
const buildable = process.platform !== 'win32' && process.env.RELAY365_NATIVE !== '0'
  && ['cc', 'gcc', 'clang'].some((cc) => spawnSync(cc, ['--version'], { stdio: 'ignore' }).status === 0);

describe('native walker', { skip: !buildable && 'no C compiler here, or Windows, or RELAY365_NATIVE=0: scans use the JavaScript walker' }, () => {
  it('is built here (npm install and npm test build it; without it scans fall back to the JavaScript walker)', () => {
    assert.ok(nativeAddon(), 'build/Release/walk.node is missing or does not load: run `npm run build` and read its warning');
  });

  it('finds what the JavaScript walker finds in every detector fixture', async () => {
    const { native, js } = await bothWalkers([detectorsDir]);
    assert.ok(js.findings.length > 500, `fixtures give many findings (${js.findings.length})`);
    assertSame(native, js);
  });

  it('finds what the JavaScript walker finds in the example fleet, also with vendored trees and a small read limit', async () => {
    const fleet = join(repo, 'examples');
    for (const options of [{}, { includeVendored: true }, { maxFileBytes: 300 }]) {
      const { native, js } = await bothWalkers([fleet, detectorsDir], options);
      assertSame(native, js);
      if (options.maxFileBytes) assert.ok(js.warnings.some((w) => w.code === 'truncated'), 'a small read limit truncates');
    }
  });

  describe('on a tree of awkward cases', () => {
    let root = '';
    before(() => {
      root = mkdtempSync(join(tmpdir(), 'r365-native-'));
      const w = (rel: string, content: string | Buffer) => {
        mkdirSync(join(root, rel, '..'), { recursive: true });
        writeFileSync(join(root, rel), content);
      };
      w('etc/postfix/main.cf', 'relayhost = [relay.corp.contoso.local]:587\n');
      w('etc/postfix/main.cf.bak', 'relayhost = [old-relay.corp.contoso.local]:25\n');
      w('etc/msmtprc', 'account default\nhost smtp.office365.com\nport 587\nuser a@contoso.com\npassword R365CANARY-native\n');
      w('srv/app/.env', 'MAIL_HOST=smtp.office365.com\nMAIL_PORT=587\n');
      w('srv/app/.env.example', 'MAIL_HOST=smtp.example.com\n');
      w('srv/app/examples/.env', 'MAIL_HOST=smtp.example-folder.com\n');
      w('srv/app/repo/.git/config', '[sendemail]\n\tsmtpServer = smtp.office365.com\n\tsmtpServerPort = 587\n');
      w('srv/app/repo/.git/objects/ab/config', 'not walked\n');
      w('srv/app/node_modules/lib/.env', 'MAIL_HOST=vendored.example.com\n');
      w('srv/app/share/doc/pkg/main.cf', 'relayhost = [doc.example.com]\n');
      w('inetpub/wwwroot/web.config', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<configuration><system.net><mailSettings><smtp from="a@contoso.com"><network host="smtp.office365.com" port="587" /></smtp></mailSettings></system.net></configuration>', 'utf16le')]));
      w('junk/main.cf', Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7919) % 256)));
      // control characters and no keyword: only the decoder's rule sends it to JavaScript, which warns 'binary'
      w('junk/php.ini', Buffer.from(Array.from({ length: 2000 }, (_, i) => (i % 7 === 0 ? 1 : 65 + (i % 20)))));
      w('junk/msmtprc', Buffer.from('host smtp.contoso.local\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f\x10\x11\x12\x13\x14\x15\n'));
      w('junk/big/msmtprc', `${'# filler line\n'.repeat(300_000)}host smtp.late.contoso.local\n`);
      // the one keyword of a file across the native reader's 64 KiB search windows ('SMTP' starts 1 to 4 bytes before)
      for (const k of [1, 2, 3, 4]) w(`window/${k}/php.ini`, `; ${'x'.repeat(65_536 - k - 19)}\n[mail function]\nSMTP = relay${k}.window.contoso.local\n`);
      w('latin1/php.ini', Buffer.from('[mail function]\nSMTP = smtp.contoso.local\n; caf\xe9 \xa9\n', 'latin1'));
      w(`names/${'\u00e9t\u00e9'}/msmtprc`, 'account default\nhost smtp.unicode-folder.contoso.local\nport 587\n');
      w('links/real/ssmtp.conf', 'mailhub=smtp.linked.contoso.local:587\n');
      symlinkSync(join(root, 'links/real'), join(root, 'links/alias'));
      symlinkSync('..', join(root, 'links/real/up'));
      symlinkSync('self', join(root, 'links/self'));
      symlinkSync('missing', join(root, 'links/dangling.cf'));
      execFileSync('mkfifo', [join(root, 'links/real/msmtprc')]);
      symlinkSync(join(root, 'links/real/msmtprc'), join(root, 'links/fifo-link-msmtprc'));
      execFileSync('mkfifo', [join(root, 'links/unwanted.fifo')]);
    });
    after(() => { if (root) rmSync(root, { recursive: true, force: true }); });

    it('gives the JavaScript walker\'s findings and warnings, with and without vendored trees', async () => {
      for (const options of [{}, { includeVendored: true }, { maxFileBytes: 4096 }]) {
        const { native, js } = await bothWalkers([root, join(root, 'etc/msmtprc'), join(root, 'nowhere')], options);
        assertSame(native, js);
        const codes = new Set(js.warnings.map((w) => w.code));
        for (const code of ['binary', 'special-file', 'symlink-loop', 'not-found']) assert.ok(codes.has(code as never), `${code} in ${[...codes]}`);
        assert.ok(js.warnings.some((w) => w.code === 'binary' && w.path.endsWith('junk/php.ini')), 'a binary php.ini is warned about');
        assert.ok(js.findings.some((f) => f.host === 'smtp.linked.contoso.local'), 'a linked folder is walked');
        assert.ok(js.findings.some((f) => f.host === 'smtp.unicode-folder.contoso.local'), 'a folder named in UTF-8 is walked');
        if (!('maxFileBytes' in options)) assert.equal(js.findings.filter((f) => f.host?.endsWith('.window.contoso.local')).length, 4, 'a setting past 64 KiB is read');
      }
      const scanned = await scanPaths({ roots: [root], native: true });
      assert.ok(!JSON.stringify(scanned.inventory).includes('R365CANARY'), 'no secret in the inventory');
    });
  });

  it('its name rules pick every file the matcher wants (all keyword filters off)', () => {
    const native = nativeAddon()!;
    const rules = readRules(DETECTORS);
    const passAll = { ...rules, nameFilters: rules.nameFilters.map(() => -1), extFilters: rules.extFilters.map(() => -1), nameLiteralFilters: rules.nameLiteralFilters.map(() => -1), pathFilters: rules.pathFilters.map(() => -1) };
    const roots = [detectorsDir, join(repo, 'examples')];
    const picked = new Set<string>();
    let prefix = '';
    replayListing(native, startListing(native, listSpec(roots, true, walkRules(true), passAll, 1 << 20), 2), {
      directory: (dir) => { prefix = dir; },
      read: (name) => { picked.add(prefix + name); },
      unreadable: (name) => { picked.add(prefix + name); },
      special: () => {},
      warning: () => {},
    });
    const matcher = new DetectorMatcher(DETECTORS, { roots });
    const wanted: string[] = [];
    const walker = new Walker({ wants: (dir) => matcher.candidates(dir), onCandidate: (path) => wanted.push(path), onWarning: () => {}, includeVendored: true });
    for (const r of roots) walker.addRoot(r);
    walker.run();
    assert.ok(wanted.length > 700, `${wanted.length} candidates`);
    assert.deepEqual(wanted.filter((p) => !picked.has(p)), []);
  });
});

describe('required literals of a content hint', () => {
  it('reads alternations, groups, quantifiers and escapes', () => {
    assert.deepEqual(requiredLiterals(/smtp|mail|relayhost/i), ['smtp', 'mail', 'relayhost']);
    assert.deepEqual(requiredLiterals(/\$(?:rcmail_)?config\s*\[\s*['"]smtp_(?:host|port)['"]/), ['config']);
    assert.deepEqual(requiredLiterals(/SetMail(Relay|Address)/i), ['setmail']);
    assert.deepEqual(requiredLiterals(/^(?=[\s\S]*?(?:smtp|mail))[\s\S]*?kind:/i), ['kind:']);
    assert.deepEqual(requiredLiterals(/mail\.smtps?\.host/), ['mail.smtp']);
    assert.deepEqual(requiredLiterals(/colou?r_host/), ['r_host'], 'an optional letter splits the run: the longer part is kept');
    assert.deepEqual(requiredLiterals(/\bhost\b|\baccount\b/i), ['host', 'account']);
    assert.equal(requiredLiterals(/ab|c/), null, 'a branch without a literal of 3 requires nothing');
    assert.equal(requiredLiterals(/smtp|[a-z]+/), null);
    assert.deepEqual(requiredLiterals(/(?!smtp)host_name/), ['host_name'], 'a negative lookahead requires nothing of its own');
    assert.equal(requiredLiterals(/smtp/u), null, 'with u, case folding reaches beyond ASCII');
  });

  it('every built-in hint that matches a fixture leaves one of its literals in it', () => {
    const texts: string[] = [];
    const collect = (dir: string) => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        const s = statSync(path);
        if (s.isDirectory()) collect(path);
        else if (s.size < 1 << 20) {
          const decoded = decode(readFileSync(path));
          if ('text' in decoded) texts.push(decoded.text);
        }
      }
    };
    collect(detectorsDir);
    collect(join(repo, 'examples'));
    let checked = 0;
    for (const d of DETECTORS) {
      if (!d.hint) continue;
      const literals = requiredLiterals(d.hint);
      if (!literals) continue;
      for (const text of texts) {
        if (!d.hint.test(text)) continue;
        checked++;
        const lower = text.toLowerCase();
        assert.ok(literals.some((l) => lower.includes(l)), `${d.id}: ${d.hint} matched a text holding none of ${literals.join(', ')}`);
      }
    }
    assert.ok(checked > 500, `${checked} hint matches checked`);
  });
});
