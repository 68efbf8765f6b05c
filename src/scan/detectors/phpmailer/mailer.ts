// PHPMailer objects in hand-written PHP: `$x->Host = …`, `->Port`, `->SMTPSecure`, `->SMTPAuth`, `->Username`,
// `->Password`, `->From`, `->isSMTP()`, `->setFrom()`, grouped per receiver (`$mail`, `$this->mailer`, `$phpmailer`).
import type { ExtractContext } from '../../detector.js';
import { isSecretPlaceholder } from '../../values.js';
import { firstArgument, phpDefinitions, phpLines, phpValue, resolvePhp, shown, statement, type PhpLine, type PhpValue } from './php.js';

export const PROPS = ['Host', 'Port', 'SMTPSecure', 'SMTPAuth', 'SMTPAutoTLS', 'Username', 'Password', 'From', 'Mailer', 'AuthType'] as const;
export type Prop = (typeof PROPS)[number] | 'isSMTP' | 'isOther' | 'setFrom' | 'setOAuth';

export interface MailerSetting {
  receiver: string;
  prop: Prop;
  /** Resolved through this file's define()/const/`$var =` when possible. */
  value: PhpValue;
  via: string | null;
  line: number;
  text: string;
  commented: boolean;
}

// A real file configures a handful of mailers; generated or hostile files must stay linear.
const MAX_SETTINGS = 2000;
const MAX_HOSTS = 64;

const ASSIGN = /(\$[A-Za-z_]\w*(?:\s*->\s*[A-Za-z_]\w*)*)\s*->\s*(Host|Port|SMTPSecure|SMTPAuth|SMTPAutoTLS|Username|Password|From|Mailer|AuthType)\s*=(?!=)/g;
const CALL = /(\$[A-Za-z_]\w*(?:\s*->\s*[A-Za-z_]\w*)*)\s*->\s*(isSMTP|IsSMTP|isMail|IsMail|isSendmail|IsSendmail|isQmail|IsQmail|setFrom|SetFrom|setOAuth)\s*\(/g;

/** Every PHPMailer setting in a file, live and commented-out. */
export function mailerSettings(content: string): { settings: MailerSetting[]; lines: PhpLine[] } {
  const lines = phpLines(content);
  const defs = phpDefinitions(lines);
  const settings: MailerSetting[] = [];
  for (const { line, code, comment } of lines) {
    if (settings.length >= MAX_SETTINGS) break;
    for (const [text, commented] of [[code, false], [comment, true]] as const) {
      if (!text.includes('->')) continue;
      for (const m of text.matchAll(ASSIGN)) {
        if (settings.length >= MAX_SETTINGS) break;
        const expression = statement(text, m.index! + m[0].length);
        const receiver = m[1].replace(/\s+/g, '');
        // `$mail->Host = $secure . '://' . $mail->Host;` rewrites the setting already read: not a second mailer
        if (expression.replace(/\s+/g, '').includes(`${receiver}->${m[2]}`)) continue;
        const { value, via } = resolvePhp(phpValue(expression), defs);
        settings.push({ receiver, prop: m[2] as Prop, value, via, line, text: shown(`${m[0]} ${expression};`), commented });
      }
      for (const m of text.matchAll(CALL)) {
        if (settings.length >= MAX_SETTINGS) break;
        const name = m[2].toLowerCase();
        const prop: Prop = name === 'issmtp' ? 'isSMTP' : name === 'setfrom' ? 'setFrom' : name === 'setoauth' ? 'setOAuth' : 'isOther';
        const args = statement(text, m.index! + m[0].length).replace(/\)\s*$/, '');
        const { value, via } = resolvePhp(phpValue(prop === 'setFrom' ? firstArgument(args) : `'${m[2]}()'`), defs);
        settings.push({ receiver: m[1].replace(/\s+/g, ''), prop, value, via, line, text: shown(`${m[0]}${args})`), commented });
      }
    }
  }
  return { settings, lines };
}

/** One configured PHPMailer: the Host setting and the settings that go with it. */
export interface MailerAccount {
  host: MailerSetting;
  get(prop: Prop): MailerSetting | undefined;
}

/**
 * Group settings into accounts: one per Host assignment. A live Host takes the live settings of its receiver nearest
 * to it (an if/else may configure two servers); a commented Host takes the commented settings around it first.
 */
export function mailerAccounts(settings: MailerSetting[]): MailerAccount[] {
  const accounts: MailerAccount[] = [];
  const receivers = new Map<string, MailerSetting[]>();
  for (const s of settings.slice(0, MAX_SETTINGS)) {
    const list = receivers.get(s.receiver);
    if (list) list.push(s); else receivers.set(s.receiver, [s]);
  }
  for (const list of receivers.values()) {
    const hosts = list.filter((s) => s.prop === 'Host').slice(0, MAX_HOSTS);
    const liveHosts = hosts.filter((h) => !h.commented);
    for (const host of hosts) {
      const nearest = (pool: MailerSetting[], prop: Prop) => pool.filter((s) => s.prop === prop)
        .sort((a, b) => Math.abs(a.line - host.line) - Math.abs(b.line - host.line) || b.line - a.line)[0];
      const segment = (s: MailerSetting) => !liveHosts.some((h) => h !== host && h.line !== host.line && between(h.line, host.line, s.line));
      const live = list.filter((s) => !s.commented && segment(s));
      const commented = host.commented ? list.filter((s) => s.commented && Math.abs(s.line - host.line) <= 12) : [];
      accounts.push({ host, get: (prop) => nearest(commented, prop) ?? nearest(live, prop) });
    }
  }
  return accounts;
}

function between(x: number, a: number, b: number): boolean {
  return (x > a && x <= b) || (x < a && x > b);
}

/** Register every literal Password seen, live or commented, attached to a Host or not. */
export function registerPasswords(settings: MailerSetting[], ctx: ExtractContext): void {
  for (const s of settings) {
    if (s.prop === 'Password' && s.value.kind === 'literal' && s.value.value && !isSecretPlaceholder(s.value.value)) ctx.secret(s.value.value);
  }
}
