// Where a bare `relay365 scan` looks: the usual config locations of the OS it runs on.
import { existsSync } from 'node:fs';

/** The usual config locations of this OS that exist here (a missing one is no news when nobody named it). */
export function defaultRoots(platform = process.platform): string[] {
  return usualRoots(platform).filter((root) => existsSync(root));
}

/** The usual config locations of an OS. */
export function usualRoots(platform = process.platform): string[] {
  if (platform === 'win32') {
    const env = process.env;
    return [
      'C:\\inetpub', 'C:\\Windows\\System32\\inetsrv', 'C:\\Windows\\System32\\Tasks', env.ProgramData ?? 'C:\\ProgramData',
      env.ProgramFiles ?? 'C:\\Program Files', env['ProgramFiles(x86)'] ?? 'C:\\Program Files (x86)', 'C:\\Scripts',
      env.USERPROFILE ?? 'C:\\Users',
    ];
  }
  return ['/etc', '/opt', '/srv', '/var/www', '/usr/local/etc', '/usr/local/bin', '/home', '/root', '/var/spool/cron'];
}
