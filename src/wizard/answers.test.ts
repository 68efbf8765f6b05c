import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputError } from '../util/errors.js';
import { chosenTarget, parseAnswers, renderAnswers } from './answers.js';

describe('wizard answers', () => {
  it('reads paths relative to the answers file and writes back those inside its folder relative, others absolute', () => {
    const answers = parseAnswers('out: result\nscan:\n  paths: [., /srv/app]\n  logs: [var/log/mail.log]\n  probe: [relay01:25]\ndevices: devices.yaml\ntenant:\n  file: ../tenant.yaml\n', '/data/session/answers.yaml');
    assert.equal(answers.out, '/data/session/result');
    assert.deepEqual(answers.scan?.paths, ['/data/session', '/srv/app']);
    assert.deepEqual(answers.scan?.logs, ['/data/session/var/log/mail.log']);
    assert.deepEqual(answers.scan?.probe, ['relay01:25'], 'probe targets are not paths');
    assert.equal(answers.tenant?.file, '/data/tenant.yaml');
    const text = renderAnswers(answers, '/data/session/answers.yaml');
    assert.match(text, /^out: result$/m);
    assert.match(text, /- \.\n\s+- \/srv\/app/);
    assert.match(text, /file: \/data\/tenant\.yaml/);
    assert.deepEqual(parseAnswers(text, '/data/session/answers.yaml'), answers, 'a round trip changes nothing');
  });

  it('refuses secrets, unknown targets and clouds, with the file and line', () => {
    assert.throws(() => parseAnswers('tenant:\n  clientSecret: R365CANARY-x\n', 'a.yaml'), (e: Error) => e instanceof InputError && /tenant\.clientSecret looks like a secret/.test(e.message) && !e.message.includes('R365CANARY'));
    assert.doesNotThrow(() => parseAnswers('tenant:\n  secretEnv: MY_SECRET\n', 'a.yaml'));
    assert.throws(() => parseAnswers('targets:\n  printer: graph\n  scanner: fax\n', 'a.yaml'), /a\.yaml:3: targets\.scanner: "fax" is not one of/);
    assert.throws(() => parseAnswers('tenant:\n  cloud: mars\n', 'a.yaml'), /tenant\.cloud: expected one of global/);
    assert.throws(() => parseAnswers('scan: [\n', 'a.yaml'), /a\.yaml:\d+: not valid YAML/);
  });

  it('finds a chosen target by item id first, then by name', () => {
    const answers = parseAnswers('targets:\n  abc123: hve\n  Hall UPS: { target: direct-send, notes: keeps its IP }\n', 'a.yaml');
    assert.deepEqual(chosenTarget(answers, { id: 'abc123', name: 'Hall UPS' }), { target: 'hve' });
    assert.deepEqual(chosenTarget(answers, { id: 'zzz', name: 'Hall UPS' }), { target: 'direct-send', notes: 'keeps its IP' });
    assert.equal(chosenTarget(answers, { id: 'zzz', name: 'other' }), null);
  });
});
