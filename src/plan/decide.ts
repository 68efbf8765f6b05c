// Run the rules over one sender: the first rule that decides gives the target and reason; every other rule
// that would also decide becomes an alternative (one per target).
import type { Tenant } from '../m365/tenant.js';
import { RULES } from './rules/index.js';
import type { Rule } from './rules/types.js';
import type { Sender } from './sender.js';
import type { Target } from './types.js';

export interface Decision {
  rule: string;
  target: Target;
  reason: string;
  alternatives: { target: Target; reason: string }[];
}

export function decide(sender: Sender, tenant: Tenant, rules: Rule[] = RULES): Decision {
  const decisions: { rule: string; target: Target; reason: string }[] = [];
  for (const rule of rules) {
    if (!rule.appliesTo(sender)) continue;
    const decision = rule.decide(sender, tenant);
    if (decision) decisions.push({ rule: rule.id, ...decision });
  }
  // The bridge rule always decides, so there is always a first decision.
  const [chosen, ...others] = decisions;
  const alternatives = new Map<Target, string>();
  for (const other of others) if (other.target !== chosen.target && !alternatives.has(other.target)) alternatives.set(other.target, other.reason);
  return { ...chosen, alternatives: [...alternatives].map(([target, reason]) => ({ target, reason })) };
}
