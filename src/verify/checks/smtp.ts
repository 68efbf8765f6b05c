// The SMTP steps of a path, one check each, on the shared step-by-step session (src/smtp): DNS, TCP, banner,
// EHLO, STARTTLS (TLS ≥ 1.2, certificate valid for the host), AUTH, MAIL FROM, RCPT TO, then RSET — or DATA.
import { isIP } from 'node:net';
import { formatReply, SmtpSession, type SmtpCredentials } from '../../smtp/index.js';
import type { ItemContext } from '../context.js';
import { sendOnce } from '../send.js';
import { verifyClientName } from '../nodemailer.js';
import { rehearseLegacyTls } from './legacy-tls.js';
import { CheckFailure, failed, pass, skipped, type Check } from './types.js';

function smtp(path: { kind: string }): boolean {
  return path.kind === 'smtp';
}

function session(ctx: ItemContext): SmtpSession {
  if (!ctx.session) throw new CheckFailure(failed('the SMTP session is not open', null, { code: 'no-session' }));
  return ctx.session;
}

/** The reply text of the session's last recorded step. */
function lastReply(s: SmtpSession): string | null {
  return s.steps.at(-1)?.reply ?? null;
}

function openSession(ctx: ItemContext): SmtpSession {
  const { path, run } = ctx;
  ctx.session?.close();
  ctx.session = new SmtpSession({
    host: path.connect!.host, port: path.connect!.port, mode: path.mode, timeoutMs: run.settings.stepTimeoutMs,
    clientName: run.options.clientName ?? verifyClientName(), lookup: run.lookup,
    tls: { ca: run.caFor(path), servername: path.servername ?? undefined, minVersion: 'TLSv1.2' },
  });
  return ctx.session;
}

export const dns: Check = {
  id: 'dns', title: 'DNS', needs: [], retry: 'path', appliesTo: smtp,
  async run(ctx) {
    const s = openSession(ctx);
    const host = ctx.path.connect!.host;
    const addresses = await s.resolve();
    if (ctx.path.rehearsal) return pass(`rehearsal: ${ctx.path.rehearsal}`);
    if (isIP(host)) return pass(`${host} is an address: nothing to resolve`);
    return pass(`${host} resolves to ${addresses.join(', ')}`);
  },
};

export const tcp: Check = {
  id: 'tcp', title: 'TCP connection', needs: ['dns'], retry: 'path', appliesTo: smtp,
  async run(ctx) {
    const s = session(ctx);
    await s.connect();
    const { port } = ctx.path.connect!;
    return pass(`connected to ${s.addresses[0] ?? ctx.path.connect!.host}:${port}${s.implicitTls ? ` with TLS (${s.tls?.protocol ?? '?'})` : ''}`);
  },
};

export const banner: Check = {
  id: 'banner', title: 'Greeting', needs: ['tcp'], retry: 'path', appliesTo: smtp,
  async run(ctx) {
    return pass(formatReply(await session(ctx).greeting()));
  },
};

export const ehlo: Check = {
  id: 'ehlo', title: 'EHLO', needs: ['banner'], retry: 'path', appliesTo: smtp,
  async run(ctx) {
    const s = session(ctx);
    const facts = await s.ehlo();
    const offered = facts.extensions.length ? facts.extensions.join(', ') : 'no extensions (HELO)';
    return pass(`${(lastReply(s) ?? '250').split(' / ')[0]} — ${offered}`);
  },
};

export const starttls: Check = {
  id: 'starttls', title: 'STARTTLS (TLS 1.2+, certificate)', needs: ['ehlo'], retry: 'path', steps: 4, appliesTo: smtp,
  async run(ctx) {
    const s = session(ctx);
    const { path } = ctx;
    if (path.mode === 'implicit-tls') return describeTls(s, 'implicit TLS (port 465 style)');
    if (path.security === 'none') {
      return s.ehloFacts?.starttls
        ? { status: 'warn', reply: 'STARTTLS offered, not used', diagnosis: 'the plan says this hop runs without TLS although the server offers STARTTLS', hint: 'set settings.security: starttls if the sender can do TLS 1.2' }
        : pass('no TLS on this hop, as planned');
    }
    if (!s.ehloFacts?.starttls) return failed('the server does not offer STARTTLS', 'Microsoft 365 always offers it on 587 and 25: something between here and the server strips it, or this is not the planned server', { code: 'no-starttls' });
    if (path.maxTls) {
      const refused = await rehearseLegacyTls(ctx, path.maxTls);
      if (refused) return refused;
    }
    await s.starttls();
    await s.ehlo();
    const outcome = describeTls(s, 'STARTTLS');
    if (path.maxTls && outcome.status === 'pass') return { ...outcome, status: 'warn', diagnosis: `the server accepts a TLS ${path.maxTls} client (this device's version); Microsoft 365 refuses it on smtp.office365.com`, hint: 'plan for TLS 1.2 on the device, or a bridge' };
    return outcome;
  },
};

function describeTls(s: SmtpSession, how: string) {
  const t = s.tls;
  if (!t) return failed('no TLS was negotiated', null, { code: 'no-tls' });
  const cert = t.certSubject ? `certificate ${t.certSubject} (issuer ${t.certIssuer ?? '?'}, valid to ${t.validTo ?? '?'})` : 'no certificate';
  return pass(`${how}: ${t.protocol ?? '?'} ${t.cipher ?? '?'}, ${cert}`);
}

export const auth: Check = {
  id: 'auth', title: 'AUTH', needs: ['starttls', 'roles'], retry: 'path', steps: 3,
  appliesTo: (path) => path.kind === 'smtp' && path.auth !== 'none',
  async run(ctx) {
    const s = session(ctx);
    const { path, run } = ctx;
    const offered = s.ehloFacts?.auth ?? [];
    const list = offered.length ? offered.join(' ') : 'none';
    if (path.auth === 'xoauth2') {
      if (!offered.includes('XOAUTH2')) return failed(`the server does not offer AUTH XOAUTH2 (it offers: ${list})`, 'XOAUTH2 needs TLS first; a server without it cannot take OAuth', { code: 'no-xoauth2' });
      return pass(formatReply(await s.auth({ mechanism: 'XOAUTH2', user: path.username!, accessToken: ctx.token!.accessToken })));
    }
    if (!s.encrypted) return failed('refusing to send a password without TLS', 'use STARTTLS on this path (settings.security: starttls)', { code: 'no-tls' });
    const password = run.env[path.passwordEnv!];
    if (!password) {
      return failed(`no password: the environment variable ${path.passwordEnv} is empty`, `export ${path.passwordEnv} with the password of ${path.username} for this run (relay365 never signs in with credentials found in config files)`, { code: 'no-password' });
    }
    run.redactor.add(password);
    const mechanism: SmtpCredentials['mechanism'] | null = offered.includes('LOGIN') ? 'LOGIN' : offered.includes('PLAIN') ? 'PLAIN' : null;
    if (!mechanism) return failed(`the server offers no password mechanism (it offers: ${list})`, null, { code: 'no-mechanism' });
    return pass(formatReply(await s.auth({ mechanism, user: path.username!, password })));
  },
};

export const mailFrom: Check = {
  id: 'mail-from', title: 'MAIL FROM', needs: ['starttls', 'auth'], retry: 'path', appliesTo: smtp,
  async run(ctx) {
    const { path, run } = ctx;
    const reply = formatReply(await session(ctx).mailFrom(path.from!));
    const sendAs = path.auth !== 'none' && path.username && path.from!.toLowerCase() !== path.username.toLowerCase();
    if (sendAs && !run.settings.send) {
      return { status: 'warn', reply, diagnosis: `From ${path.from} is not the signed-in mailbox ${path.username}: it needs Send As, which Exchange checks only when the message is sent`, hint: 'run with --send to prove it, or Add-RecipientPermission -AccessRights SendAs' };
    }
    return pass(reply);
  },
};

export const rcptTo: Check = {
  id: 'rcpt-to', title: 'RCPT TO', needs: ['mail-from'], retry: 'path', appliesTo: smtp,
  async run(ctx) {
    const reply = formatReply(await session(ctx).rcptTo(ctx.path.recipient!));
    return pass(ctx.path.recipientExternal ? `${reply} (relay to an outside domain accepted)` : reply);
  },
};

export const data: Check = {
  id: 'data', title: 'DATA (test message)', needs: ['rcpt-to'], retry: 'path', steps: 8, appliesTo: smtp,
  async run(ctx) {
    const s = session(ctx);
    const { path, run } = ctx;
    if (!run.settings.send || !path.sendable) {
      const reply = formatReply(await s.rset());
      return skipped(run.settings.send
        ? 'not sent: a connector relay test needs a recipient outside the tenant that you own (override.testRecipient)'
        : 'not sent: RSET instead (add --send to deliver a test message)', { reply });
    }
    // our session steps aside: the message goes through nodemailer as a second client, one connection at a time
    await s.quit();
    ctx.session = null;
    return sendOnce(ctx);
  },
};

export const SMTP_CHECKS: Check[] = [dns, tcp, banner, ehlo, starttls, auth, mailFrom, rcptTo, data];
