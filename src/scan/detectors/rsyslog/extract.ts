// rsyslog ommail: RainerScript `action(type="ommail" server=… port=… mailFrom=… mailTo=…)` and the legacy
// `$ActionMailSMTPServer` / `$ActionMailSMTPPort` / `$ActionMailFrom` directives (stateful: they apply to the
// `:ommail:` actions after them). ommail has no TLS and no authentication: it needs a relay that takes it as is.
import type { Finding } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { closingBracket, emailIn, hostReference, isSecretPlaceholder, lineIndex, parsePort, splitLines } from '../../values.js';

const detector = { id: 'rsyslog', system: 'rsyslog (ommail)' };

const PLAIN_NOTE = 'ommail speaks plain SMTP without TLS or authentication: Microsoft 365 takes it only through Direct Send or a connector';

interface Param { value: string; line: number }

/** The live text and the commented-out text (one `#` removed), each keeping the file's line structure. */
function views(content: string): { text: string; commented: boolean }[] {
  const lines = splitLines(content);
  const live = lines.map((l) => (/^\s*#/.test(l) ? '' : l));
  const commented = lines.map((l) => (/^\s*#/.test(l) ? l.replace(/^\s*#/, '') : ''));
  return [{ text: live.join('\n'), commented: false }, { text: commented.join('\n'), commented: true }];
}

/** `name="value"` parameters of one action(…), names lower-cased, with their lines. */
function actionParams(body: string, offset: number, lineOf: (offset: number) => number): Map<string, Param> {
  const params = new Map<string, Param>();
  // rsyslog ≥ 8.33 also takes `echo $VAR` backtick constants: kept with their backticks for hostReference()
  const re = /([A-Za-z][\w.]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|(`[^`]*`)|([^\s)"'`]+))/g;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    const name = m[1].toLowerCase();
    if (!params.has(name)) params.set(name, { value: m[2] ?? m[3] ?? m[4] ?? m[5] ?? '', line: lineOf(offset + m.index) });
  }
  return params;
}

function rainerScript(view: { text: string; commented: boolean }, ctx: ExtractContext): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  const lineOf = lineIndex(view.text);
  const re = /\baction\s*\(/gi;
  for (let m = re.exec(view.text); m; m = re.exec(view.text)) {
    const open = m.index + m[0].length - 1;
    const close = closingBracket(view.text, open, { hashComments: true, limit: 20_000 });
    // unclosed: read up to the next statement rather than swallow it
    const next = close === -1 ? view.text.slice(open + 1, open + 20_000).search(/\b(?:action|module|template|input)\s*\(/i) : -1;
    const body = view.text.slice(open + 1, close !== -1 ? close - 1 : next !== -1 ? open + 1 + next : Math.min(view.text.length, open + 20_000));
    const params = actionParams(body, open + 1, lineOf);
    for (const key of ['pwd', 'password']) { const v = params.get(key)?.value; if (v && !isSecretPlaceholder(v)) ctx.secret(v); }
    if (params.get('type')?.value.toLowerCase() !== 'ommail') continue;
    const server = params.get('server');
    const port = params.get('port');
    const from = params.get('mailfrom');
    const line = lineOf(m.index);
    drafts.push({
      line,
      key: `action:${line}`,
      host: server?.value ?? null,
      port: parsePort(port?.value) ?? 25,
      from: emailIn(from?.value) ?? from?.value ?? null,
      active: !view.commented,
      evidence: `action(${body.replace(/\s+/g, ' ').trim()})`,
      ...(view.commented ? {} : hostReference(server?.value)),
      locations: { host: server ? at(server.line, server.value) : undefined, port: port ? at(port.line, port.value) : undefined, from: from ? at(from.line, from.value) : undefined },
      notes: [PLAIN_NOTE, ...(server ? [] : ['no server= parameter: rsyslog refuses this action']), ...(params.get('mailto') ? [`mailTo: ${params.get('mailto')!.value}`] : [])],
    });
    if (close !== -1) re.lastIndex = close;
  }
  return drafts;
}

/** Legacy directives are state: each `$ActionMailSMTPServer` takes the port and sender set before it or before the next server. */
function legacy(view: { text: string; commented: boolean }): FindingDraft[] {
  const drafts: FindingDraft[] = [];
  let current: FindingDraft | null = null;
  let port: { value: string; line: number } | null = null;
  let from: { value: string; line: number } | null = null;
  const apply = (draft: FindingDraft) => {
    draft.port = parsePort(port?.value) ?? 25;
    draft.from = from ? emailIn(from.value) ?? from.value : null;
    draft.locations = { host: draft.locations?.host, port: port ? at(port.line, port.value) : undefined, from: from ? at(from.line, from.value) : undefined };
  };
  splitLines(view.text).forEach((raw, i) => {
    const m = /^\s*\$ActionMail(SMTPServer|SMTPPort|From)\s+(\S+)/i.exec(raw);
    if (!m) return;
    const kind = m[1].toLowerCase();
    const value = { value: m[2], line: i + 1 };
    if (kind === 'smtpserver') {
      current = { line: i + 1, key: `legacy:${i + 1}`, host: m[2], active: !view.commented, evidence: raw.trim(), locations: { host: at(i + 1, m[2]) }, notes: [PLAIN_NOTE] };
      drafts.push(current);
    } else if (kind === 'smtpport') port = value;
    else from = value;
    if (current) apply(current);
  });
  return drafts;
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const drafts = views(content).flatMap((view) => [...rainerScript(view, ctx), ...legacy(view)]);
  const findings = drafts.map((draft) => createFinding(detector, ctx, {
    ...draft,
    security: 'none',
    auth: { method: 'none', username: null, secret: 'absent' },
    role: 'app',
  }));
  return findings.length ? findings : null;
}
