// Microsoft 365 facts the planner decides and warns with, as data (shared/reference/microsoft-365-facts.md).

export const LIMITS = {
  /** Recipient rate limit per mailbox, 24 h rolling (§8). */
  recipientsPerDay: 10_000,
  /** Message rate limit for SMTP client submission (§8). */
  messagesPerMinute: 30,
  /** MOERA (*.onmicrosoft.com) senders: external recipients per org per 24 h (§8, [3P]). */
  moeraExternalPerDay: 100,
} as const;

export const BASIC_AUTH_RETIREMENT = {
  /** Exchange Team blog 2026-01-27 / MC786329: disabled by default for existing tenants, admins can re-enable. */
  disabledByDefault: 'end of December 2026',
  /** Final removal: to be announced in the second half of 2027. */
  finalRemoval: 'a date Microsoft will announce in the second half of 2027',
  source: 'Exchange Team blog 2026-01-27 (MC786329)',
} as const;

export const HVE_FACTS = {
  basicAuthUntil: 'September 2028',
  price: '$42 per 1,000,000 recipients, billed from 2026-06-01 (MC1243552)',
} as const;
