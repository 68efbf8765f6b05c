// Rails apps: `config.action_mailer.smtp_settings` in config/environments/*.rb, config/application.rb and
// initializers; Redmine's config/configuration.yml; Discourse's containers/*.yml env and config/discourse.conf
// (config-formats.md §3.7). Mastodon's .env.production belongs to the dotenv detector.
import type { Finding } from '../../../inventory/types.js';
import { createFinding, type ExtractContext, type FindingDraft } from '../../detector.js';
import { DetectorMatcher } from '../../match.js';
import { emailIn, isSecretPlaceholder } from '../../values.js';
import { gitlab } from '../gitlab/index.js';
import { blockCommentsAsLines, defaultFrom, deliveriesOff, deliveryMethods, settingsBlocks, type RubyValue } from './ruby.js';
import { settingsDraft } from './settings.js';
import { discourseBlocks, discourseConfBlocks, redmineBlocks, type YamlBlock } from './yaml.js';

const detector = { id: 'rails', system: 'Ruby on Rails' };
// GitLab's own initializer is the gitlab detector's: one finding per setting.
const gitlabFiles = new DetectorMatcher([gitlab]);
const PASSWORD_LITERAL = /password["']?\s*(?::|=>|=)\s*("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|[^\s,#'"}]+)/gi;

type Family = 'rails' | 'redmine' | 'mastodon' | 'discourse';

function familyOf(path: string): Family | null {
  const p = path.replace(/\\/g, '/').replace(/\.(example|sample|dist|template|tmpl|orig|default)$/i, '');
  if (/\.rb$/i.test(p)) return 'rails';
  if (/(^|\/)config\/(configuration|email)\.yml$/i.test(p)) return 'redmine';
  if (/(^|\/)containers\/[^/]+\.ya?ml$/i.test(p) || /(^|\/)discourse\.conf$/i.test(p)) return 'discourse';
  return null;
}

function environmentNote(path: string): string[] {
  const env = /config\/environments\/(\w+)\.rb$/i.exec(path.replace(/\\/g, '/'))?.[1];
  return env && env !== 'production' ? [`${env} environment: used only when RAILS_ENV=${env}`] : [];
}

function build(ctx: ExtractContext, path: string, settings: Map<string, RubyValue>, extra: { line: number; commented: boolean; evidence: string; from: string | null; fromLine?: number; system?: string; disabled?: string; notes?: string[] }): Finding {
  const draft = settingsDraft(settings, (v) => ctx.secret(v));
  const { hostRef, computed, ...rest } = draft;
  const final: FindingDraft = {
    ...rest,
    line: draft.line ?? extra.line,
    key: `${extra.line}:${extra.commented ? 'c' : 'l'}`,
    from: extra.from,
    evidence: draft.evidence || extra.evidence,
    notes: [...(draft.notes ?? []), ...(extra.notes ?? [])],
    system: extra.system,
  };
  if (extra.from && extra.fromLine) final.locations = { ...final.locations, from: { line: extra.fromLine, text: extra.from } };
  if (extra.commented) Object.assign(final, { active: false, inactiveReason: 'commented' });
  else if (extra.disabled) { Object.assign(final, { active: false, inactiveReason: 'disabled' }); final.notes!.push(extra.disabled); }
  else if (hostRef || computed) Object.assign(final, { active: false, inactiveReason: 'unresolved' });
  return createFinding(detector, { path, exampleFile: ctx.exampleFile }, final);
}

function rubyFindings(content: string, path: string, ctx: ExtractContext): Finding[] {
  const methods = deliveryMethods(content);
  const live = methods.filter((m) => !m.commented);
  const off = deliveriesOff(content) ? 'perform_deliveries = false: no mail is sent' : undefined;
  const notSmtp = live.length && !live.some((m) => m.method === 'smtp' || m.method.includes('smtp')) ? `delivery_method = :${live.at(-1)!.method}: these smtp_settings are not used` : undefined;
  const from = defaultFrom(content);
  const notes = environmentNote(path);
  const findings = settingsBlocks(content).map((b) => build(ctx, path, b.settings, {
    line: b.line, commented: b.commented, evidence: b.anchorText, from: emailIn(from?.value), fromLine: from?.line, disabled: off ?? notSmtp, notes,
  }));
  for (const m of live.filter((x) => x.method === 'sendmail')) {
    findings.push(createFinding(detector, { path, exampleFile: ctx.exampleFile }, {
      line: m.line, key: `sendmail:${m.line}`, host: null, endpointKind: 'local', security: 'unknown',
      auth: { method: 'none', username: null, secret: 'absent' }, from: emailIn(from?.value),
      evidence: m.text, notes: ['delivery_method = :sendmail: the local MTA sends (/usr/sbin/sendmail -i -t): see its own finding', ...notes],
      active: !off, inactiveReason: off ? 'disabled' : undefined, role: 'app',
    }));
  }
  return findings;
}

function yamlFindings(blocks: YamlBlock[], path: string, ctx: ExtractContext, family: Family): Finding[] {
  return blocks.filter((b) => b.settings.size).map((b) => {
    const method = (b.deliveryMethod ?? '').replace(/^:/, '').toLowerCase();
    const notes = family === 'redmine' ? ['Redmine keeps the From address (emission email) in its database settings'] : family === 'mastodon' ? ['Mastodon fills these from .env.production (SMTP_*)'] : [];
    if (b.scope) notes.push(`${b.scope} section`);
    const first = [...b.settings.values()][0];
    return build(ctx, path, b.settings, {
      line: first.line, commented: b.commented, evidence: first.text,
      from: emailIn(b.from?.value), fromLine: b.from?.line,
      system: family === 'redmine' ? 'Redmine' : family === 'mastodon' ? 'Mastodon' : 'Discourse',
      disabled: method && !method.includes('smtp') ? `delivery_method: ${b.deliveryMethod}: these smtp_settings are not used` : undefined,
      notes,
    });
  });
}

export function extract(content: string, path: string, ctx: ExtractContext): Finding[] | null {
  const family = familyOf(path);
  if (!family) return null;
  // Passwords anywhere in the file, commented-out ones too, are registered before anything is built.
  for (const m of content.matchAll(PASSWORD_LITERAL)) {
    const value = /^["']/.test(m[1]) ? m[1].slice(1, -1) : m[1];
    if (!/^(ENV\b|Rails\.|<%|\$|File\.|nil$|true$|false$)/.test(value) && !isSecretPlaceholder(value)) ctx.secret(value);
  }
  let findings: Finding[];
  if (family === 'rails') {
    if (gitlabFiles.match(path) || /\bGitlab::/.test(content)) return null;
    findings = rubyFindings(blockCommentsAsLines(content), path, ctx);
  } else if (family === 'redmine') {
    // Mastodon 4.3+ keeps an ERB config/email.yml of the same shape, filled from SMTP_* variables.
    const mastodon = /\bSMTP_(SERVER|FROM_ADDRESS)\b/.test(content) ? 'mastodon' : family;
    findings = yamlFindings(redmineBlocks(content, (m, l) => ctx.warn('parse-error', m, l)), path, ctx, mastodon);
  } else {
    const blocks = /\.conf$/i.test(path) ? discourseConfBlocks(content) : discourseBlocks(content, (m, l) => ctx.warn('parse-error', m, l));
    findings = yamlFindings(blocks, path, ctx, family);
  }
  return findings.length ? findings : null;
}
