// The mailbox store: <state>/mailboxes/<address>/<id>.eml plus index.jsonl per mailbox (one JSON line per
// message) that people, tests and the Graph endpoint read. Messages are written atomically; the index only
// grows, so it is appended to (a line at a time) instead of rewritten: rewriting made delivery O(n²).
import { randomBytes } from 'node:crypto';
import { appendFile, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic.js';
import { addressesIn, headerValue, splitMessage, type Header } from './mime.js';

export type DeliveryPath = 'submission' | 'mx' | 'hve' | 'acs' | 'graph';

export interface StoredMessage {
  id: string;
  mailbox: string;
  folder: 'inbox' | 'sentitems';
  receivedAt: string;
  availableAt: string;            // later than receivedAt when the 30-a-minute limit carried it over
  via: DeliveryPath;
  envelopeFrom: string;
  envelopeTo: string[];
  from: string[];
  to: string[];
  cc: string[];
  subject: string | null;
  messageId: string | null;
  testId: string | null;          // X-Relay365-Test-Id
  size: number;
  file: string;                   // relative to the mailbox folder
  headers: Header[];
}

export interface Delivery {
  via: DeliveryPath;
  envelopeFrom: string;
  recipients: string[];
  /** Also file a copy in this mailbox's Sent Items (SMTP AUTH always does; Graph when saveToSentItems). */
  sentBy?: string | null;
  availableAt?: Date;
}

const MAX_INDEXED_HEADERS = 64;
export const INDEX = 'index.jsonl';

/** A mailbox folder name: the address, with anything unsafe for a file name replaced. */
export function mailboxDir(stateDir: string, address: string): string {
  return join(stateDir, 'mailboxes', address.toLowerCase().replace(/[^a-z0-9@._+-]/g, '_'));
}

export class MailboxStore {
  private queues = new Map<string, Promise<unknown>>();
  private indexes = new Map<string, StoredMessage[]>();

  constructor(readonly stateDir: string) {}

  /** Store one copy per recipient (and the sender's Sent Items copy); returns what was filed. */
  async deliver(raw: Buffer, delivery: Delivery): Promise<StoredMessage[]> {
    const { headers } = splitMessage(raw);
    const now = new Date();
    const base = {
      receivedAt: now.toISOString(), availableAt: new Date(Math.max(now.getTime(), delivery.availableAt?.getTime() ?? 0)).toISOString(), via: delivery.via,
      envelopeFrom: delivery.envelopeFrom.toLowerCase(), envelopeTo: delivery.recipients.map((r) => r.toLowerCase()),
      from: addressesIn(headerValue(headers, 'from')), to: addressesIn(headerValue(headers, 'to')), cc: addressesIn(headerValue(headers, 'cc')),
      subject: headerValue(headers, 'subject'), messageId: headerValue(headers, 'message-id'), testId: headerValue(headers, 'x-relay365-test-id'),
      size: raw.length, headers: headers.slice(0, MAX_INDEXED_HEADERS),
    };
    const targets: [string, StoredMessage['folder']][] = [...new Set(base.envelopeTo)].map((r) => [r, 'inbox']);
    if (delivery.sentBy) targets.push([delivery.sentBy.toLowerCase(), 'sentitems']);
    return Promise.all(targets.map(([mailbox, folder]) => {
      const id = `${now.getTime().toString(36)}-${randomBytes(6).toString('hex')}`;
      const message: StoredMessage = { id, mailbox, folder, ...base, file: `${id}.eml` };
      return this.enqueue(mailbox, async () => {
        const dir = mailboxDir(this.stateDir, mailbox);
        await writeFileAtomic(join(dir, message.file), raw);
        const index = await this.index(mailbox);
        await appendFile(join(dir, INDEX), `${JSON.stringify(message)}\n`);
        index.push(message);
        return message;
      });
    }));
  }

  /** Messages of a mailbox, oldest first; messages still held by throttling only with `includeDelayed`. */
  async list(mailbox: string, options: { includeDelayed?: boolean } = {}): Promise<StoredMessage[]> {
    const index = await this.enqueue(mailbox.toLowerCase(), () => this.index(mailbox.toLowerCase()));
    const now = Date.now();
    return index.filter((m) => options.includeDelayed || Date.parse(m.availableAt) <= now);
  }

  async raw(message: StoredMessage): Promise<Buffer> {
    return readFile(join(mailboxDir(this.stateDir, message.mailbox), message.file));
  }

  /** Wait for every write under way (stop() calls this before it returns). */
  async flush(): Promise<void> {
    await Promise.allSettled([...this.queues.values()]);
  }

  private async index(mailbox: string): Promise<StoredMessage[]> {
    const cached = this.indexes.get(mailbox);
    if (cached) return cached;
    const index = await readIndex(this.stateDir, mailbox);
    this.indexes.set(mailbox, index);
    return index;
  }

  private enqueue<T>(mailbox: string, work: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(mailbox) ?? Promise.resolve();
    const next = previous.then(work, work);
    this.queues.set(mailbox, next.catch(() => undefined));
    return next;
  }
}

/** The index of one mailbox as stored on disk; lines that are not messages are skipped ([] without an index). */
export async function readIndex(stateDir: string, address: string): Promise<StoredMessage[]> {
  let text = '';
  try { text = await readFile(join(mailboxDir(stateDir, address), INDEX), 'utf8'); } catch { return []; }
  const messages: StoredMessage[] = [];
  for (const line of text.split('\n')) {
    try {
      const parsed = JSON.parse(line) as StoredMessage;
      if (parsed && typeof parsed.id === 'string' && typeof parsed.file === 'string') messages.push(parsed);
    } catch {
      // a torn last line (a crash mid-append) or a hand edit: skip it
    }
  }
  return messages;
}

/** Every mailbox folder in the store (addresses). */
export async function storedMailboxes(stateDir: string): Promise<string[]> {
  try {
    return (await readdir(join(stateDir, 'mailboxes'), { withFileTypes: true })).filter((d) => d.isDirectory()).map((d) => d.name).sort();
  } catch {
    return [];
  }
}
