// Devices with only a web UI or a front panel: no file to patch, only settings to type in.
import { describeSecurity } from './common.js';
import { renderTemplate } from './render.js';
import type { PatchInput, PatchResult, Patcher } from './types.js';

export const deviceInstructions: Patcher = {
  format: 'device',
  patch(input: PatchInput): PatchResult {
    const { settings, target, sender } = input;
    const notes: string[] = [];
    if (target === 'smtp-oauth') notes.push('Choose OAuth / Modern Authentication / Microsoft 365 sign-in, and sign in as the mailbox above.');
    if (target === 'direct-send' || target === 'connector-relay') notes.push('Leave the username and password empty.');
    if (target === 'connector-relay') notes.push('The device must send from the static public IP of the connector.');
    if (target === 'bridge') notes.push('The server is the bridge on your LAN; it signs in to Microsoft 365 for the device.');
    if (sender.port === 465) notes.push('Port 465 is not supported: choose STARTTLS on port 587 (or 25).');
    const auth = settings.auth === 'oauth2' ? 'OAuth 2.0 (Modern Authentication)' : settings.auth === 'none' || settings.auth === 'ip' ? 'none' : 'username and password';
    return {
      instructions: renderTemplate('patches/device-instructions', {
        name: sender.name, host: settings.host ?? '(see plan: TODO)', port: settings.port ?? 25, security: describeSecurity(settings.security),
        auth, username: settings.auth === 'oauth2' || settings.auth === 'password' ? settings.username ?? settings.mailbox : null, from: settings.from ?? '(an address in an accepted domain)', notes,
      }).trimEnd(),
    };
  },
};
