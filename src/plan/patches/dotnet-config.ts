// .NET web.config / app.config: System.Net.Mail has no OAuth. For Graph the <smtp> element goes (its
// password with it) and a GraphMailSender class replaces SmtpClient; for port-25 targets the element is rewritten.
import { graphData } from './common.js';
import { genericPatcher } from './generic.js';
import { renderTemplate } from './render.js';
import type { PatchInput, PatchResult, Patcher } from './types.js';

const SMTP_ELEMENT = /([ \t]*)<smtp\b[^>]*?(?:\/>|>[\s\S]*?<\/smtp>)/i;

export const dotnetConfigPatcher: Patcher = {
  format: 'dotnet-config',
  patch(input: PatchInput): PatchResult | null {
    const { target, settings, tenant } = input;
    if (target !== 'graph') return genericPatcher.patch(input);
    const helper = { path: 'GraphMailSender.cs', content: renderTemplate('patches/GraphMailSender.cs', graphData(tenant, settings.mailbox)), why: 'replaces SmtpClient calls: Microsoft Graph sendMail with an app-only token' };
    const instructions = 'Add the NuGet packages Azure.Identity and Microsoft.Graph, replace each SmtpClient.Send with GraphMailSender.SendAsync, and set AZURE_CLIENT_SECRET in the app pool / service environment (not in web.config).';
    if (input.content === null || !SMTP_ELEMENT.test(input.content)) return { snippet: '<!-- remove <system.net><mailSettings><smtp …> (and its password); mail goes through Microsoft Graph -->', files: [helper], instructions };
    const text = input.content.replace(SMTP_ELEMENT, (_m, indent: string) => `${indent}<!-- relay365: mail goes through Microsoft Graph as ${settings.mailbox ?? 'the scoped mailbox'} (GraphMailSender); the SMTP settings and their password were removed -->`);
    return { text, files: [helper], instructions };
  },
};
