// Helpers for detector table tests: read a fixture beside the test, run the detector, collect warnings and secrets.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { Finding, ScanWarning } from '../inventory/types.js';
import { decode } from './decode.js';
import { worthScrubbing } from './redact.js';
import type { Detector, ExtractContext, SourceFile } from './detector.js';
import { isExampleName } from './match.js';

export interface ExtractRun {
  findings: Finding[];
  warnings: ScanWarning[];
  secrets: Set<string>;
}

/** The __fixtures__ folder beside the calling test file. */
export function fixturesDir(testUrl: string): string {
  return join(dirname(fileURLToPath(testUrl)), '__fixtures__');
}

function readFixture(testUrl: string, name: string): SourceFile {
  const path = join(fixturesDir(testUrl), name);
  const decoded = decode(readFileSync(path));
  if ('binary' in decoded) throw new Error(`fixture ${name} decodes as binary`);
  return { path, content: decoded.text, exampleFile: isExampleName(path) };
}

function context(path: string, exampleFile: boolean, run: ExtractRun, files: SourceFile[] = []): ExtractContext {
  return {
    path,
    exampleFile,
    warn: (code, message, line) => run.warnings.push({ path, ...(line ? { line } : {}), code, message }),
    secret: (value) => { if (worthScrubbing(value)) run.secrets.add(value); },
    sibling: (suffix) => files.find((f) => f.path.replace(/\\/g, '/').endsWith(suffix)),
  };
}

/** Run a detector over fixture files named relative to the test's __fixtures__ folder. */
export function runFixtures(detector: Detector, testUrl: string, ...names: string[]): ExtractRun {
  const run: ExtractRun = { findings: [], warnings: [], secrets: new Set() };
  const files = names.map((n) => readFixture(testUrl, n));
  if (detector.extractAll) {
    run.findings.push(...detector.extractAll(files, (path) => {
      const file = files.find((f) => f.path === path);
      return context(path, file?.exampleFile ?? false, run, files);
    }));
    return run;
  }
  for (const file of files) {
    run.findings.push(...(detector.extract!(file.content, file.path, context(file.path, file.exampleFile, run, files)) ?? []));
  }
  return run;
}

/** Run a detector over a string (for hostile-input and edge-case rows). */
export function runText(detector: Detector, content: string, path = '/etc/test.conf', exampleFile = false): ExtractRun {
  const run: ExtractRun = { findings: [], warnings: [], secrets: new Set() };
  const file = { path, content, exampleFile };
  if (detector.extractAll) run.findings.push(...detector.extractAll([file], (p) => context(p, exampleFile, run, [file])));
  else run.findings.push(...(detector.extract!(content, path, context(path, exampleFile, run, [file])) ?? []));
  return run;
}

/** The finding that matches every given field (a subset match), or a helpful error listing what was found. */
export function pick(findings: Finding[], where: Partial<Finding> & { username?: string | null }): Finding {
  const hit = findings.find((f) => Object.entries(where).every(([k, v]) => (k === 'username' ? f.auth.username === v : JSON.stringify((f as unknown as Record<string, unknown>)[k]) === JSON.stringify(v))));
  if (!hit) throw new Error(`no finding with ${JSON.stringify(where)}; found:\n${findings.map((f) => JSON.stringify({ host: f.host, port: f.port, line: f.line, active: f.active, username: f.auth.username })).join('\n')}`);
  return hit;
}

/** Assert no output of a run contains a canary secret. */
export function assertNoCanary(run: ExtractRun, canary = 'R365CANARY'): void {
  const text = JSON.stringify({ findings: run.findings, warnings: run.warnings });
  if (text.includes(canary)) throw new Error(`canary secret leaked: ${text.slice(Math.max(0, text.indexOf(canary) - 200), text.indexOf(canary) + 50)}`);
}
