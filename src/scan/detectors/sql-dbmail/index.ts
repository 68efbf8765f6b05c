import type { Detector } from '../../detector.js';
import { extract } from './extract.js';

export const sqlDbmail: Detector = {
  id: 'sql-dbmail',
  system: 'SQL Server Database Mail',
  files: ['*.sql'],
  hint: /sysmail_(?:add|update)_account_sp/i,
  extract,
};
