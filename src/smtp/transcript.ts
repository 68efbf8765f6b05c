// Every line both ways, secrets redacted before they are stored: 'C: …' client, 'S: …' server, '* …' events.
import { printable } from './reply.js';

const MAX_LINES = 400;
const MAX_WIDTH = 300;

export class Transcript {
  readonly lines: string[] = [];
  private readonly secrets = new Set<string>();
  private dropped = 0;

  constructor(secrets: Iterable<string> = [], private readonly onLine?: (line: string) => void) {
    for (const s of secrets) this.addSecret(s);
  }

  /** Values scrubbed from every later line (passwords, tokens and their base64 forms). */
  addSecret(value: string | undefined): void {
    if (value && value.length >= 3) this.secrets.add(value);
  }

  client(text: string): void {
    this.push(`C: ${text}`);
  }

  server(lines: string[], code: number): void {
    lines.forEach((line, i) => this.push(`S: ${code}${i < lines.length - 1 ? '-' : ' '}${line}`));
  }

  note(text: string): void {
    this.push(`* ${text}`);
  }

  /** Remove every known secret from a text (used for error messages too). */
  scrub(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join('***');
    return out;
  }

  private push(line: string): void {
    if (this.lines.length >= MAX_LINES) {
      this.dropped++;
      const marker = `* … ${this.dropped} more lines not kept`;
      if (this.dropped === 1) this.lines.push(marker);
      else this.lines[this.lines.length - 1] = marker;
      return;
    }
    const clean = printable(this.scrub(line), MAX_WIDTH);
    this.lines.push(clean);
    this.onLine?.(clean);
  }
}
