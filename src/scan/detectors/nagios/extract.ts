// Nagios / Icinga / Naemon notification commands (config-formats.md §4.3): most pipe to /usr/bin/mail or sendmail
// (a local MTA dependency, endpointKind 'local'); some name a relay themselves with sendEmail, mailx -S smtp=, swaks,
// curl or msmtp. `$USERn$` macros (resource.cfg) and Icinga 2 `$vars$` left in place are references, never guesses.
import type { Finding, SecretState } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { emailIn, secretState } from '../../values.js';
import { analyseCommand, type MailCommand } from './commandline.js';
import { icinga2Commands, nagiosCommands, type CommandDef } from './objects.js';

const detector = { id: 'nagios', system: 'Nagios' };
const MACRO = /^\$(\w+)\$$/;
// Icinga 2's own notification scripts pipe to /usr/bin/mail.
const ICINGA_MAIL_SCRIPT = /(^|\/)mail-(host|service)-notification\.sh\b/;

/** `$USER9$` (Nagios resource.cfg) or `$smtp_server$` (an Icinga 2 custom variable): where the value lives. */
function macroRef(value: string | null, icinga: boolean): string | null {
  const m = value ? MACRO.exec(value) : null;
  if (!m) return null;
  return /^USER\d+$/.test(m[1]) ? `nagios-macro:${m[1]} (resource.cfg)` : `${icinga ? 'icinga-var' : 'nagios-macro'}:${m[1]}`;
}

function systemOf(path: string): string {
  const p = path.replace(/\\/g, '/').toLowerCase();
  if (/\/icinga2\//.test(p) || p.endsWith('.conf')) return 'Icinga 2';
  if (/\/icinga\//.test(p)) return 'Icinga';
  if (/\/naemon\//.test(p)) return 'Naemon';
  if (/\/centreon/.test(p)) return 'Centreon Engine';
  return 'Nagios';
}

function relayDraft(c: MailCommand, def: CommandDef, icinga: boolean, ctx: ExtractContext): FindingDraft {
  const notes = [...c.notes];
  const hostRef = macroRef(c.host, icinga);
  const userRef = macroRef(c.username, icinga);
  let secret: { secret: SecretState; ref?: string } = { secret: 'absent' };
  const passwordRef = macroRef(c.password, icinga);
  if (passwordRef) secret = { secret: 'external', ref: passwordRef };
  else if (c.password) secret = secretState(c.password, (v) => ctx.secret(v));
  const from = emailIn(c.from);
  const valueSources = Object.fromEntries(Object.entries({ host: hostRef, username: userRef }).filter(([, v]) => v)) as Record<string, string>;
  if (userRef) notes.push(`user name from ${userRef}`);
  const hostLine = c.hostText ? def.lineOf(c.hostText) : def.line;
  const draft: FindingDraft = {
    line: def.line, key: `${def.name}:${def.line}`,
    host: hostRef ? null : c.host, port: c.port, security: c.security,
    auth: { method: c.username || c.password ? 'password' : 'none', username: userRef ? null : c.username, secret: secret.secret },
    secretRef: secret.ref, from, valueSources,
    evidence: `${def.name}: ${c.redacted}`,
    locations: Object.fromEntries(Object.entries({
      host: c.host && !hostRef ? at(hostLine, c.host) : undefined,
      port: c.port && c.hostText?.includes(String(c.port)) ? at(hostLine, c.port) : undefined,
      username: c.username && !userRef ? at(def.lineOf(c.username), c.username) : undefined,
      from: from ? at(def.lineOf(from), from) : undefined,
    }).filter(([, v]) => v)),
    notes, role: 'app',
  };
  if (hostRef) Object.assign(draft, { active: false, inactiveReason: 'unresolved' });
  return draft;
}

function localDraft(c: MailCommand | null, script: string | null, def: CommandDef): FindingDraft {
  const notes = c ? [...c.notes] : [];
  if (c && !c.notes.length) notes.push(`${c.program} hands mail to the local MTA: see that MTA's own finding`);
  if (script) notes.push(`${script}: Icinga 2's shipped script pipes to /usr/bin/mail, the local MTA: see its own finding`);
  return {
    line: def.line, key: `${def.name}:${def.line}`, host: null, endpointKind: 'local', security: 'unknown',
    auth: { method: 'none', username: null, secret: 'absent' }, from: emailIn(c?.from),
    evidence: `${def.name}: ${(c?.redacted || def.commandLine).slice(0, 200)}`, notes, role: 'app',
  };
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const icinga = /\.conf$/i.test(path);
  const defs = icinga ? icinga2Commands(content) : nagiosCommands(content);
  const findings: Finding[] = [];
  for (const def of defs) {
    const command = analyseCommand(def.commandLine);
    const script = !command && ICINGA_MAIL_SCRIPT.exec(def.commandLine)?.[0].replace(/^\//, '') || null;
    if (!command && !script) continue;
    if (command?.password && !MACRO.test(command.password)) secretState(command.password, (v) => ctx.secret(v));
    const draft = command?.kind === 'relay' ? relayDraft(command, def, icinga, ctx) : localDraft(command, script, def);
    draft.system = systemOf(path);
    if (def.commented) Object.assign(draft, { active: false, inactiveReason: 'commented' });
    findings.push(createFinding(detector, { path, exampleFile: ctx.exampleFile }, draft));
  }
  return findings.length ? findings : null;
}
