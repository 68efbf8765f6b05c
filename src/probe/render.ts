// The probe results on screen: one table row per relay, then its findings, failure and other ports.
import { paint, table, type Output } from '../util/term.js';
import { answeredEhlo } from './findings.js';
import type { OtherPortCheck, ProbeResult } from './types.js';

function tlsCell(r: ProbeResult): string {
  if (r.tlsMode === 'implicit') return `implicit ${r.starttls.protocol ?? ''}`.trim();
  if (r.starttls.negotiated) return `STARTTLS ${r.starttls.protocol ?? ''}`.trim();
  if (r.starttls.offered) return 'STARTTLS failed';
  return answeredEhlo(r) ? 'none' : '-';
}

function certCell(r: ProbeResult): string {
  if (!r.starttls.certSubject) return '-';
  const notes = [
    r.starttls.validTo && new Date(r.starttls.validTo) < new Date() ? 'expired' : null,
    r.starttls.selfSigned ? 'self-signed' : null,
    r.starttls.hostnameMatch === false ? 'name mismatch' : null,
  ].filter(Boolean);
  return notes.length ? notes.join(', ') : 'ok';
}

function authCell(r: ProbeResult): string {
  const parts: string[] = [];
  if (r.authBeforeTls.length) parts.push(`${r.authBeforeTls.join(' ')} (clear text)`);
  if (r.authAfterTls.length) parts.push(`${r.authAfterTls.join(' ')} (TLS)`);
  return parts.join('; ') || (answeredEhlo(r) ? 'none' : '-');
}

function relayCell(r: ProbeResult): string {
  if (r.openRelay === true) return 'YES';
  if (r.openRelay === false) return 'no';
  return '?';
}

function sizeCell(r: ProbeResult): string | null {
  if (r.maxSize === null) return null;
  return r.maxSize === 0 ? 'no limit' : `${Math.round(r.maxSize / 1024 / 102.4) / 10} MB`;
}

function otherPortCell(o: OtherPortCheck): string {
  if (!o.answers) return o.failure === 'refused' ? 'closed' : `not answering (${o.failure ?? 'unknown'})`;
  const tls = o.tlsProtocol ?? (o.starttls ? 'STARTTLS offered' : 'no TLS');
  return `answers, ${tls}${o.auth.length ? `, AUTH ${o.auth.join(' ')}` : ''}`;
}

export function renderProbeResults(results: ProbeResult[], out: Pick<Output, 'color'>): string {
  const rows = results.map((r) => [
    r.target, !r.reachable ? 'unreachable' : r.error ? 'failed' : 'ok', tlsCell(r), certCell(r), authCell(r), sizeCell(r), relayCell(r), `${r.ms} ms`,
  ]);
  const lines = [table(['target', 'status', 'tls', 'certificate', 'auth', 'size', 'open relay', 'time'], rows)];
  for (const r of results) {
    const notes: string[] = [];
    if (r.error) notes.push(`  ${paint(out.color, 'red', 'failed')} (${r.error.kind}${r.error.step ? ` at ${r.error.step}` : ''}): ${r.error.diagnosis}${r.error.hint ? ` — ${r.error.hint}` : ''}`);
    for (const f of r.findings ?? []) {
      const colour = f.severity === 'high' ? 'red' : f.severity === 'medium' ? 'yellow' : 'gray';
      notes.push(`  ${paint(out.color, colour, f.severity)} ${f.code}: ${f.message}`);
    }
    const others = (r.otherPorts ?? []).map((o) => `${o.port} (${o.mode === 'implicit-tls' ? 'implicit TLS' : 'STARTTLS'}) ${otherPortCell(o)}`);
    if (others.length) notes.push(`  same host: ${others.join('; ')}`);
    if (notes.length) lines.push('', `${paint(out.color, 'bold', r.target)} ${r.banner ? `— ${r.banner}` : ''}`.trimEnd(), ...notes);
  }
  const open = results.filter((r) => r.openRelay === true).length;
  const unreachable = results.filter((r) => !r.reachable).length;
  const failed = results.filter((r) => r.reachable && r.error).length;
  lines.push('', `${results.length} relay${results.length === 1 ? '' : 's'} probed: ${open} open relay${open === 1 ? '' : 's'}, ${unreachable} unreachable, ${failed} failed mid-dialogue. Nothing was sent (MAIL and RCPT, then RSET; never DATA).`);
  return lines.join('\n');
}
