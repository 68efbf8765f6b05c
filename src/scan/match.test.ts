import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DetectorMatcher, globToRegExp, isExampleName } from './match.js';
import { DETECTORS } from './registry.js';

/** The plain definition the indexed matcher must agree with: every pattern's regex over the name or the whole path. */
function reference(path: string): { ids: string[]; exampleFile: boolean } | null {
  const normal = path.replace(/\\/g, '/');
  const test = (name: string) => {
    const full = normal.slice(0, normal.lastIndexOf('/') + 1) + name;
    return DETECTORS.filter((d) => d.files.some((p) => (p.includes('/') ? globToRegExp(p).test(full) : globToRegExp(p).test(name)))).map((d) => d.id);
  };
  const name = normal.slice(normal.lastIndexOf('/') + 1);
  const exampleDir = /(^|\/)(examples?|samples?|sample-config|share\/(doc|man|info))\/|(^|\/)(?<!(?:www|vhosts|sites|wwwroot|public_html|htdocs)\/)(docs?|documentation)\//i.test(normal.slice(0, normal.lastIndexOf('/') + 1));
  const direct = test(name);
  if (direct.length) return { ids: direct, exampleFile: exampleDir || isExampleName(name) };
  const stripped = name.replace(/\.(example|sample|dist|template|tmpl|tpl|orig|default|defaults|bak|old|skel|in)$/i, '');
  if (stripped !== name) { const again = test(stripped); if (again.length) return { ids: again, exampleFile: true }; }
  return null;
}

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)]));
}

describe('DetectorMatcher', () => {
  const matcher = new DetectorMatcher(DETECTORS);
  const detectorsDir = fileURLToPath(new URL('./detectors/', import.meta.url));
  const fixtures = files(detectorsDir).map((p) => relative(detectorsDir, p));
  const paths = [
    ...fixtures,
    ...fixtures.map((p) => `/srv/site/${p.split('/').pop()}`),
    ...fixtures.map((p) => `C:\\inetpub\\${p.replace(/\//g, '\\')}.example`),
    ...fixtures.map((p) => p.toUpperCase()),
    '/etc/postfix/main.cf', '/etc/postfix-out/sasl/sasl_passwd', '/etc/postfix/relay_sasl_passwd.db', '/etc/exim4/conf.d/router/200_smarthost',
    '/opt/gitlab/embedded/service/gitlab-rails/config/initializers/smtp_settings.rb', '/etc/ansible/group_vars/all/mail.yml',
    '/srv/app/config/packages/prod/mailer.yaml', '/srv/app/docker-compose.override.yml', '/srv/app/compose.yaml', '/srv/chart/prod-values.yaml',
    'C:\\Windows\\System32\\Tasks\\Microsoft\\Report', '/etc/monit/conf.d/mail', '/etc/icinga2/conf.d/commands.conf', '/usr/local/nagios/etc/objects/commands.cfg',
    '/home/a/.env', '/home/a/.env.production', '/home/a/.env.example', '/srv/web.Release.config', '/srv/App.exe.config', '/srv/nlog.config',
    '/srv/x/application-prod.yml', '/srv/x/bootstrap.yaml', '/srv/smtp', '/srv/file.yml', '/srv/.yml', '/srv/noext', '/srv/a.b.c.json',
    '/etc/php/8.2/fpm/conf.d/20-mail.ini', '/etc/php.d/mail.ini', '/opt/gitlab/xinitializers/smtp_settings.rb', '/etc/mail/sendmail.mc', '/etc/mail/peers/relay', 'main.cf', 'casc_configs/jenkins.yml',
  ];

  it('agrees with every pattern tested one by one, on every fixture path and its Windows, example and upper-case variants', () => {
    let matched = 0;
    for (const path of paths) {
      const got = matcher.match(path);
      const want = reference(path);
      assert.deepEqual(got && { ids: got.detectors.map((d) => d.id).sort(), exampleFile: got.exampleFile }, want && { ids: want.ids.sort(), exampleFile: want.exampleFile }, path);
      if (got) matched++;
    }
    assert.ok(matched > paths.length / 2, `most of these paths are configs (${matched} of ${paths.length})`);
  });

  it('keeps path globs to their directories and name globs to their extensions', () => {
    assert.deepEqual(matcher.match('/etc/postfix/main.cf')?.detectors.map((d) => d.id), ['postfix']);
    assert.equal(matcher.match('/etc/exim4/conf.d/router/200_smarthost')?.detectors[0].id, 'exim4');
    assert.equal(matcher.match('/etc/exim4/200_smarthost'), null);
    assert.equal(matcher.match('/srv/app/compose.json'), null);
    assert.equal(matcher.match('C:\\inetpub\\wwwroot\\web.config.example')?.exampleFile, true);
  });

  it('takes what sits in an examples or samples folder as an example, judged below the root the scan was given', () => {
    const rooted = new DetectorMatcher(DETECTORS, { roots: ['/srv/examples/fleet/', 'C:\\Samples'] });
    const table: [string, boolean][] = [
      ['/usr/share/postfixadmin/examples/main.cf', true],
      ['/opt/app/contrib/Samples/web.config', true],
      ['/usr/share/doc/msmtp/msmtprc', true],
      ['/opt/app/doc/examples/.env', true],
      ['/srv/infra/doc/postfix/main.cf', true],
      ['/opt/crm/docs/settings.py', true],
      ['/home/ann/Documents/msmtprc', false],
      ['/var/www/docs/LocalSettings.php', false],                  // a wiki named docs
      ['C:\\inetpub\\wwwroot\\docs\\web.config', false],
      ['/srv/examples/fleet/app01/etc/postfix/main.cf', false],   // the root itself is an examples folder: its files are what was asked for
      ['/srv/examples/fleet/app01/examples/main.cf', true],
      ['C:\\Samples\\inetpub\\web.config', false],
      ['/srv/example.com/web.config', false],
      ['/srv/app/config/main.cf', false],
    ];
    for (const [path, example] of table) assert.equal(rooted.match(path)?.exampleFile, example, path);
    assert.equal(rooted.candidates('/opt/app/samples/')('.env')?.exampleFile, true, 'a .env no detector reads, in a samples folder');
    assert.equal(rooted.candidates('/opt/app/')('.env')?.exampleFile, false);
  });

  it('refuses a glob whose name part holds a path', () => {
    assert.throws(() => new DetectorMatcher([{ files: ['a/x**y'] }]), /name part/);
  });
});
