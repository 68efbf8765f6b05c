// Every check, in the order they run. The token comes first, so a path never holds an SMTP connection open while
// MSAL asks for one; a check whose needs failed is skipped with the reason.
import { confirm } from './confirm.js';
import { GRAPH_CHECKS, TOKEN_CHECKS } from './graph.js';
import { SMTP_CHECKS } from './smtp.js';
import type { Check } from './types.js';

export const CHECKS: Check[] = [...TOKEN_CHECKS, ...SMTP_CHECKS, ...GRAPH_CHECKS, confirm];

export type { Check, CheckOutcome } from './types.js';
