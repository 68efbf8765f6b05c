// The rule contract (shared/STYLE.md "Rules"): id, description, the facts it reads, a decision with a reason.
import type { Tenant } from '../../m365/tenant.js';
import type { Sender } from '../sender.js';
import type { Target } from '../types.js';

export interface RuleDecision {
  target: Target;
  reason: string;
}

export interface Rule {
  id: string;
  /** The target this rule can choose. */
  target: Target;
  description: string;
  /** Reason texts, as data: `{name}` holes are filled from the decision's facts. */
  messages: Record<string, string>;
  appliesTo(sender: Sender): boolean;
  decide(sender: Sender, tenant: Tenant): RuleDecision | null;
}

/** Fill `{name}` holes; a hole with no value stays visible, so a missing fact is never silently dropped. */
export function say(template: string, facts: Record<string, string | number | null | undefined>): string {
  return template.replace(/\{(\w+)\}/g, (hole, name: string) => {
    const value = facts[name];
    if (value === null || value === undefined || value === '') return hole;
    return typeof value === 'number' ? value.toLocaleString('en-US') : value;
  });
}

export function plural(n: number, word: string): string {
  return `${n.toLocaleString('en-US')} ${word}${n === 1 ? '' : /(s|x|sh|ch)$/.test(word) ? 'es' : 's'}`;
}
