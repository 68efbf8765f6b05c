// Fail2Ban: a jail's `action` decides whether bans send mail. The stock mail actions (`%(action_mw)s`,
// `%(mta)s-whois-lines`, `sendmail-*`, `mail-*`) pipe into the local MTA (`mta = sendmail|mail`): a local
// dependency, its relay is that MTA's finding. Only `smtp.py[host=…]` talks SMTP itself (plain, no STARTTLS).
import type { Finding } from '../../../inventory/types.js';
import { at, createFinding, type ExtractContext, type SourceFile } from '../../detector.js';
import { canonicalName } from '../../match.js';
import { dirName, emailIn, groupFiles, isSecretPlaceholder, parseHostPort } from '../../values.js';
import { JailConfig, type JailEntry } from './jails.js';

const detector = { id: 'fail2ban', system: 'Fail2Ban' };

/** Stock actions that mail through the local MTA (action.d/sendmail-*.conf, mail-*.conf, xarf-login-attack). */
const LOCAL_MAIL_ACTION = /(?:^|[\s,])((?:sendmail|mail)(?:-[\w-]+)?|xarf-login-attack|complain)(?=\[|\s|$)/;

/** `name[key="value", key2=value2]` parameters of an action. */
export function actionParams(text: string): Map<string, string> {
  const params = new Map<string, string>();
  const re = /([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^,\]\s]*))/g;
  for (let m = re.exec(text); m; m = re.exec(text)) params.set(m[1].toLowerCase(), m[2] ?? m[3] ?? m[4] ?? '');
  return params;
}

export function extractAll(allFiles: SourceFile[], contextOf: (path: string) => ExtractContext): Finding[] {
  const findings: Finding[] = [];
  const files = allFiles.filter((f) => !/\/jail\.d\/[^/]*$/.test(f.path.replace(/\\/g, '/')) || /\.(conf|local)$/.test(canonicalName(f.path)));
  // one group per Fail2Ban folder: jail.d/* belong to the folder above them
  for (const group of groupFiles(files, (path) => dirName(path).replace(/jail\.d\/$/, ''))) {
    const config = new JailConfig(group);
    for (const entry of config.entries) {
      if (entry.key !== 'action' || (!entry.commented && !config.effective(entry))) continue;
      const ctx = contextOf(entry.path);
      const text = config.expand(entry.value, entry.section);
      const state = activity(config, entry);
      const smtp = /smtp\.py\s*\[([^\]]*)\]/.exec(text);
      if (smtp) findings.push(smtpFinding(entry, smtp[1], state, ctx));
      const local = LOCAL_MAIL_ACTION.exec(text);
      if (local) findings.push(localFinding(config, entry, text, local[1], state, ctx));
    }
  }
  return findings;
}

/** A jail's action counts when the jail is enabled; [DEFAULT]'s when some enabled jail inherits it. */
function activity(config: JailConfig, entry: JailEntry): { active: boolean; inactiveReason?: string; notes: string[] } {
  if (entry.commented) return { active: false, inactiveReason: 'commented', notes: [] };
  if (entry.section === 'default') {
    const users = config.jails().filter((j) => config.enabled(j) && !config.own(j, 'action'));
    return users.length ? { active: true, notes: [`used by enabled jails: ${users.join(', ')}`] } : { active: false, inactiveReason: 'disabled', notes: ['no enabled jail uses this default action'] };
  }
  return config.enabled(entry.section) ? { active: true, notes: [`jail ${entry.section}`] } : { active: false, inactiveReason: 'disabled', notes: [`jail ${entry.section} is not enabled`] };
}

function localFinding(config: JailConfig, entry: JailEntry, text: string, action: string, state: ReturnType<typeof activity>, ctx: ExtractContext): Finding {
  const params = actionParams(text);
  const sender = params.get('sender') ?? config.expand(config.lookup(entry.section, 'sender')?.value ?? '', entry.section);
  const dest = params.get('dest') ?? config.expand(config.lookup(entry.section, 'destemail')?.value ?? '', entry.section);
  const program = action.startsWith('sendmail') ? 'sendmail' : action.startsWith('mail') ? 'mail' : action;
  // the same action line may also carry smtp.py's password
  const password = params.get('password');
  return createFinding(detector, ctx, {
    line: entry.line,
    key: `local:${entry.section}`,
    host: null,
    endpointKind: 'local',
    security: 'unknown',
    auth: { method: 'none', username: null, secret: 'absent' },
    from: emailIn(sender) ?? (sender || null),
    active: state.active,
    inactiveReason: state.inactiveReason,
    evidence: password && password.length >= 3 ? entry.text.split(password).join('***') : entry.text,
    notes: [
      `${action}: ban alerts go to the local MTA through \`${program}\`; its relay is that MTA's own finding`,
      ...(dest ? [`destemail: ${dest}`] : []),
      ...state.notes,
    ],
    role: 'app',
  });
}

function smtpFinding(entry: JailEntry, paramText: string, state: ReturnType<typeof activity>, ctx: ExtractContext): Finding {
  const params = actionParams(paramText);
  const { host, port } = parseHostPort(params.get('host') || 'localhost');
  const user = params.get('user') || null;
  const password = params.get('password');
  if (password && !isSecretPlaceholder(password)) ctx.secret(password);
  const evidence = password && password.length >= 3 ? entry.text.split(password).join('***') : entry.text;
  const hostText = params.get('host');
  const unresolved = /%\(/.test(host);
  return createFinding(detector, ctx, {
    line: entry.line,
    key: `smtp:${entry.section}`,
    host: unresolved ? null : host,
    port: port ?? 25,
    security: 'none',
    auth: user ? { method: 'password', username: user, secret: password ? 'present' : 'absent' } : { method: 'none', username: null, secret: 'absent' },
    from: emailIn(params.get('sender')) ?? null,
    active: state.active && !unresolved,
    inactiveReason: state.inactiveReason ?? (unresolved ? 'unresolved' : undefined),
    evidence,
    locations: { host: hostText && entry.text.includes(hostText) ? at(entry.line, hostText) : undefined, username: user && entry.text.includes(user) ? at(entry.line, user) : undefined },
    notes: [
      'smtp.py speaks plain SMTP (no STARTTLS)' + (user ? ': the password crosses the network in clear' : ''),
      ...(unresolved ? [`host ${host} names a value no jail file defines`] : []),
      ...state.notes,
    ],
    role: 'app',
  });
}
