import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { INDEX, mailboxDir, MailboxStore, readIndex, storedMailboxes } from './store.js';

const message = (n: number) => Buffer.from(`From: Scanner <scanner@contoso.com>\r\nTo: it@contoso.com\r\nCc: boss@contoso.com\r\nSubject: scan ${n}\r\nX-Relay365-Test-Id: t-${n}\r\n\r\npage ${n}\r\n`);

describe('mailbox store', () => {
  let dir: string;
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'relay365-store-')); });
  after(() => rm(dir, { recursive: true, force: true }));

  it('files one copy per recipient and a Sent Items copy, with an index people can read', async () => {
    const store = new MailboxStore(dir);
    const filed = await store.deliver(message(1), { via: 'submission', envelopeFrom: 'Scanner@contoso.com', recipients: ['IT@contoso.com', 'boss@contoso.com'], sentBy: 'scanner@contoso.com' });
    assert.deepEqual(filed.map((m) => [m.mailbox, m.folder]), [['it@contoso.com', 'inbox'], ['boss@contoso.com', 'inbox'], ['scanner@contoso.com', 'sentitems']]);
    const [first] = await readIndex(dir, 'it@contoso.com');
    assert.deepEqual([first.subject, first.testId, first.from, first.cc, first.envelopeFrom], ['scan 1', 't-1', ['scanner@contoso.com'], ['boss@contoso.com'], 'scanner@contoso.com']);
    assert.equal(await readFile(join(mailboxDir(dir, 'it@contoso.com'), first.file), 'utf8'), message(1).toString());
    assert.deepEqual(await storedMailboxes(dir), ['boss@contoso.com', 'it@contoso.com', 'scanner@contoso.com']);
  });

  it('loses no message when many arrive for one mailbox at once', async () => {
    const store = new MailboxStore(dir);
    await Promise.all(Array.from({ length: 40 }, (_, i) => store.deliver(message(100 + i), { via: 'mx', envelopeFrom: '', recipients: ['busy@contoso.com'] })));
    const fresh = await readIndex(dir, 'busy@contoso.com');
    assert.equal(fresh.length, 40);
    assert.equal(new Set(fresh.map((m) => m.testId)).size, 40);
  });

  it('holds back messages that are not available yet', async () => {
    const store = new MailboxStore(dir);
    await store.deliver(message(7), { via: 'submission', envelopeFrom: 'a@contoso.com', recipients: ['later@contoso.com'], availableAt: new Date(Date.now() + 60_000) });
    assert.equal((await store.list('later@contoso.com')).length, 0);
    assert.equal((await store.list('later@contoso.com', { includeDelayed: true })).length, 1);
  });

  it('skips damaged index lines and keeps odd addresses inside the store', async () => {
    await mkdir(mailboxDir(dir, 'broken@contoso.com'), { recursive: true });
    await writeFile(join(mailboxDir(dir, 'broken@contoso.com'), INDEX), '{ not json\n{"id":"a","file":"a.eml"}\n{"id":"torn');
    assert.deepEqual((await readIndex(dir, 'broken@contoso.com')).map((m) => m.id), ['a']);
    assert.ok(mailboxDir(dir, '../../etc/passwd@x').startsWith(join(dir, 'mailboxes')));
    assert.ok(!mailboxDir(dir, '../../etc/passwd@x').includes('/../'));
  });
});
