// Jenkins: global mail settings of the Mailer and Email Extension plugins in JENKINS_HOME (XML descriptors), with
// the From address from JenkinsLocationConfiguration.xml and credentialsId usernames from credentials.xml, and the
// same settings written as Configuration as Code (config-formats.md §9 #19). Passwords are never read into findings.
import type { Finding } from '../../../inventory/types.js';
import { createFinding, type ExtractContext, type SourceFile } from '../../detector.js';
import { commentedYamlLines, dirName, flattenYamlBounded, groupFiles, secretState, xmlLeaves } from '../../values.js';
import { accountDraft, type Account, type CredentialEntry } from './account.js';
import { cascAccounts } from './casc.js';
import { adminAddress, credentialEntries, emailExtAccounts, fileKind, mailerAccount } from './xml.js';

const detector = { id: 'jenkins', system: 'Jenkins' };
const SECRET_NAME = /pass(word)?|secret/i;

/** Every password-like value of the file, commented ones too, is registered before anything is built. */
function registerSecrets(file: SourceFile, register: (value: string) => void): void {
  if (/\.ya?ml$/i.test(file.path)) {
    for (const e of flattenYamlBounded(file.content).entries) if (SECRET_NAME.test(e.path.at(-1) ?? '') && e.value !== null) secretState(String(e.value), register);
    for (const a of commentedYamlLines(file.content)) if (SECRET_NAME.test(a.key)) secretState(a.value, register);
    return;
  }
  for (const l of xmlLeaves(file.content).leaves) if (SECRET_NAME.test(l.path.at(-1) ?? '')) secretState(l.value, register);
}

function build(a: Account, file: SourceFile, ctx: ExtractContext, credentials: Map<string, CredentialEntry>): Finding {
  const credential = a.credentialsId ? credentials.get(a.credentialsId.value) : undefined;
  return createFinding(detector, { path: file.path, exampleFile: ctx.exampleFile }, accountDraft(a, credential, (v) => ctx.secret(v)));
}

function homeFindings(group: SourceFile[], ctxOf: (path: string) => ExtractContext): Finding[] {
  const of = (kind: string) => group.find((f) => fileKind(f.path) === kind);
  const location = of('location');
  const from = location ? adminAddress(location.content) : undefined;
  const credentialsFile = of('credentials');
  const credentials = credentialsFile ? credentialEntries(credentialsFile.content, credentialsFile.path, (v) => ctxOf(credentialsFile.path).secret(v)) : new Map<string, CredentialEntry>();
  const findings: Finding[] = [];
  const mailer = of('mailer');
  if (mailer) {
    const account = mailerAccount(mailer.content, from, location?.path);
    if (account) findings.push(build(account, mailer, ctxOf(mailer.path), credentials));
  }
  const emailext = of('emailext');
  if (emailext) for (const account of emailExtAccounts(emailext.content, from, location?.path)) findings.push(build(account, emailext, ctxOf(emailext.path), credentials));
  return findings;
}

export function extractAll(files: SourceFile[], ctxOf: (path: string) => ExtractContext): Finding[] {
  const findings: Finding[] = [];
  const xml: SourceFile[] = [];
  for (const file of files) {
    const ctx = ctxOf(file.path);
    const kind = fileKind(file.path);
    // JCasC files are skipped unread unless they configure mail.
    if (!kind && !/\b(mailer|email-ext)\s*:/.test(file.content)) continue;
    if (kind !== 'credentials') registerSecrets(file, (v) => ctx.secret(v));
    if (kind) { xml.push(file); continue; }
    for (const account of cascAccounts(file.content, (m, l) => ctx.warn('parse-error', m, l))) findings.push(build(account, file, ctx, new Map()));
  }
  for (const group of groupFiles(xml, dirName)) findings.push(...homeFindings(group, ctxOf));
  return findings;
}
