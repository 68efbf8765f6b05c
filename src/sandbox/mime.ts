// Just enough RFC 5322 / MIME reading for the mailbox store and Graph: headers, addresses, a text body.
// Hand-written: nodemailer only composes (mailparser is not a dependency), and the store needs a few fields.
import addressparser from 'nodemailer/lib/addressparser/index.js';

export interface Header { name: string; value: string }

const MAX_HEADER_BYTES = 256 * 1024;

/** Split a raw message at the blank line; headers unfolded, in order. */
export function splitMessage(raw: Buffer): { headers: Header[]; body: string } {
  const text = raw.subarray(0, Math.min(raw.length, MAX_HEADER_BYTES + 4)).toString('latin1');
  const end = /\r?\n\r?\n/.exec(text);
  const head = end ? text.slice(0, end.index) : text;
  const bodyStart = end ? end.index + end[0].length : raw.length;
  const headers: Header[] = [];
  for (const line of head.split(/\r?\n/)) {
    if (/^[ \t]/.test(line) && headers.length) headers[headers.length - 1].value += ` ${line.trim()}`;
    else {
      const colon = line.indexOf(':');
      if (colon > 0) headers.push({ name: line.slice(0, colon).trim(), value: line.slice(colon + 1).trim() });
    }
  }
  for (const header of headers) header.value = decodeWords(Buffer.from(header.value, 'latin1').toString('utf8'));
  return { headers, body: raw.subarray(bodyStart).toString('utf8') };
}

export function headerValue(headers: Header[], name: string): string | null {
  const lower = name.toLowerCase();
  return headers.find((h) => h.name.toLowerCase() === lower)?.value ?? null;
}

/** The bare addresses in a header value (`"Ops" <ops@contoso.com>, b@x.org`). */
export function addressesIn(value: string | null): string[] {
  if (!value) return [];
  const flat: string[] = [];
  const walk = (list: ReturnType<typeof addressparser>) => {
    for (const item of list) {
      if ('group' in item && item.group) walk(item.group);
      else if ('address' in item && item.address) flat.push(item.address.toLowerCase());
    }
  };
  walk(addressparser(value));
  return flat;
}

/** RFC 2047 encoded words (=?utf-8?B?…?= / ?Q?), so subjects read as people wrote them. */
function decodeWords(value: string): string {
  // white space between two encoded words is not part of the text (RFC 2047 §6.2)
  return value.replace(/(\?=)\s+(?==\?)/g, '$1').replace(/=\?([^?]+)\?([bq])\?([^?]*)\?=/gi, (all, charset: string, encoding: string, text: string) => {
    try {
      const bytes = encoding.toLowerCase() === 'b' ? Buffer.from(text, 'base64') : Buffer.from(text.replace(/_/g, ' ').replace(/=([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
      return new TextDecoder(charset.toLowerCase()).decode(bytes);
    } catch {
      return all;
    }
  });
}

/** Best-effort plain text of a message: the first text/plain part, transfer encoding undone. */
export function textBody(raw: Buffer, depth = 0): string {
  const { headers, body } = splitMessage(raw);
  const type = headerValue(headers, 'content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (/^multipart\//i.test(type) && boundary && depth < 5) {
    for (const part of body.split(`--${boundary}`).slice(1)) {
      if (part.startsWith('--')) break;
      const text = textBody(Buffer.from(part.replace(/^\r?\n/, ''), 'utf8'), depth + 1);
      if (text) return text;
    }
    return '';
  }
  if (!/^text\//i.test(type)) return '';
  const encoding = (headerValue(headers, 'content-transfer-encoding') ?? '').toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') return Buffer.from(body.replace(/=\r?\n/g, '').replace(/=([0-9a-f]{2})/gi, (_, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1').toString('utf8');
  return body;
}
