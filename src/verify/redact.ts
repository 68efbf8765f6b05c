// Every secret verify handles (client secret, passwords, tokens) is registered here and scrubbed from anything it
// writes: results.json, the audit log, JUnit, the screen. Transcripts are scrubbed already; this is the last net.

const JWT = /eyJ[\w-]{8,}\.[\w-]{8,}\.[\w-]+/g;

export class Redactor {
  private readonly secrets = new Set<string>();

  /** Register a secret and the encodings it travels in (base64 for AUTH PLAIN/LOGIN/XOAUTH2). */
  add(value: string | null | undefined): void {
    if (!value || value.length < 4) return;
    this.secrets.add(value);
    this.secrets.add(Buffer.from(value, 'utf8').toString('base64'));
  }

  scrub(text: string): string {
    let out = text.replace(JWT, '***');
    for (const secret of this.secrets) if (out.includes(secret)) out = out.split(secret).join('***');
    return out;
  }

  /** A copy of a JSON-able value with every string scrubbed. */
  scrubDeep<T>(value: T): T {
    return JSON.parse(this.scrub(JSON.stringify(value))) as T;
  }
}
