import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { classifyHost, normaliseHost } from './endpoints.js';

describe('classifyHost', () => {
  const cases: [string | null, string][] = [
    ['smtp.office365.com', 'm365-submission'],
    ['SMTP.Office365.com.', 'm365-submission'],
    ['[smtp.office365.com]:587', 'm365-submission'],
    ['smtp-legacy.office365.com', 'm365-submission'],
    ['contoso-com.mail.protection.outlook.com', 'm365-mx'],
    ['smtp.hve.mx.microsoft', 'm365-hve'],
    ['smtp-hve.office365.com', 'm365-hve'],
    ['smtp.azurecomm.net', 'acs'],
    ['smtp.live.com', 'windows-live'],
    ['smtp-mail.outlook.com', 'outlook-consumer'],
    ['smtp.gmail.com', 'other-public'],
    ['email-smtp.eu-west-1.amazonaws.com', 'other-public'],
    ['10.20.0.5', 'internal'],
    ['172.16.4.1', 'internal'],
    ['192.168.1.10', 'internal'],
    ['8.8.8.8', 'other-public'],
    ['exchange01.contoso.local', 'internal'],
    ['relay.corp.lan', 'internal'],
    ['mailhost', 'internal'],
    ['mail.contoso.com', 'internal'],
    ['iis01.corp.contoso.com', 'internal'],
    ['localhost', 'local'],
    ['127.0.0.1', 'local'],
    ['::1', 'local'],
    ['[::1]:25', 'local'],
    ['www.contoso.com', 'unknown'],
    ['smtp.example.com', 'unknown'],
    ['relay.corp.example', 'unknown'],
    [null, 'unknown'],
    ['', 'unknown'],
  ];
  for (const [host, kind] of cases) {
    it(`${host} → ${kind}`, () => assert.equal(classifyHost(host), kind));
  }

  it('normalises brackets, ports, case and trailing dots', () => {
    assert.equal(normaliseHost('[Mail.Contoso.Local]:25'), 'mail.contoso.local');
    assert.equal(normaliseHost('[2001:db8::1]:587'), '2001:db8::1');
    assert.equal(normaliseHost('smtp.office365.com:587'), 'smtp.office365.com');
  });
});
