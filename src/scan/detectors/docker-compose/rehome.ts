// Settings embedded in another format (GITLAB_OMNIBUS_CONFIG in a compose file, a PowerShell command in a scheduled
// task) are read by that format's own detector; this moves its findings to the embedding file's lines and detector.
import type { Finding, ValueLocation } from '../../../inventory/types.js';
import { createFinding, type ExtractContext } from '../../detector.js';

export interface Embedding {
  detector: { id: string; system: string };
  ctx: ExtractContext;
  path: string;
  /** Line of the embedding file where line 1 of the embedded text sits. */
  firstLine: number;
  /** Disambiguates several embeddings in one file. */
  key: string;
  system: string;
  /** Lines of the embedded text do not map onto the file (an argument string): every finding sits on `firstLine`. */
  flat?: boolean;
  notes?: string[];
}

export function rehome(found: Finding[] | null, at: Embedding): Finding[] {
  const shift = (line: number | null) => (at.flat || line === null ? at.firstLine : line + at.firstLine - 1);
  return (found ?? []).map((f, index) => {
    const locations: Finding['locations'] = {};
    if (!at.flat) {
      for (const [field, loc] of Object.entries(f.locations ?? {}) as [keyof NonNullable<Finding['locations']>, ValueLocation][]) {
        locations[field] = { line: shift(loc.line), text: loc.text };
      }
    }
    return createFinding(at.detector, { path: at.path, exampleFile: at.ctx.exampleFile }, {
      line: shift(f.line), key: `${at.key}:${index}`, system: at.system,
      host: f.host, port: f.port, security: f.security, auth: f.auth, from: f.from, endpointKind: f.endpointKind,
      active: f.active, inactiveReason: f.inactiveReason, evidence: f.evidence, secretRef: f.secretRef,
      valueSources: f.valueSources, locations, notes: [...(at.notes ?? []), ...(f.notes ?? [])], role: f.role,
    });
  });
}
