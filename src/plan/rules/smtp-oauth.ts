// Software that speaks SMTP AUTH XOAUTH2 (natively, with a plugin, or after a drop-in switch) keeps SMTP and
// moves to smtp.office365.com:587 with OAuth. TLS 1.2 is required, so a sender that never showed it is out.
import { CLOUDS } from '../../m365/endpoints.js';
import { profileOf } from '../formats.js';
import { tlsBelow12, type Sender } from '../sender.js';
import { chooseMailbox } from '../settings.js';
import { say, type Rule } from './types.js';

const messages = {
  already: 'Already sends with OAuth (XOAUTH2) to {host}: keep it, and keep SMTP AUTH enabled for {mailbox}.',
  native: '{system} speaks SMTP AUTH XOAUTH2: point it at {host}:587 (STARTTLS, TLS 1.2+) with an app-only token for {mailbox} ({note}).',
  plugin: '{note}. Point it at {host}:587 (STARTTLS) authenticating as {mailbox}; a local relay keeps its clients unchanged.',
  switch: '{note}. Point it at {host}:587 (STARTTLS) with an app-only token for {mailbox}.',
  device: 'The device supports OAuth (modern authentication) for SMTP: sign it in as {mailbox} on {host}:587 with STARTTLS.',
};

function oauthCapable(s: Sender): boolean {
  if (s.manual) return s.manual.supportsOAuth === true;
  if (s.auth.method === 'oauth2') return true;
  return s.format !== null && profileOf(s.format).oauth !== 'none';
}

export const smtpOauth: Rule = {
  id: 'smtp-oauth',
  target: 'smtp-oauth',
  description: 'software that speaks XOAUTH2 moves to SMTP AUTH with OAuth on smtp.office365.com:587',
  messages,
  appliesTo: oauthCapable,
  decide(s, tenant) {
    if (tlsBelow12(s)) return null;
    const host = CLOUDS[tenant.cloud].submission;
    const p = profileOf(s.format);
    const facts = { system: s.system, host, mailbox: chooseMailbox(s, tenant).address ?? 'its sending mailbox', note: p.note };
    if (s.auth.method === 'oauth2' && s.endpointKind === 'm365-submission') return { target: 'smtp-oauth', reason: say(messages.already, facts) };
    if (s.manual) return { target: 'smtp-oauth', reason: say(messages.device, facts) };
    const template = p.oauth === 'plugin' ? messages.plugin : p.oauth === 'switch' ? messages.switch : messages.native;
    return { target: 'smtp-oauth', reason: say(template, facts) };
  },
};
