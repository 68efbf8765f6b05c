// A generated estate for the scan benchmark: many servers' worth of web apps, configs, docs and assets,
// with a few hundred planted SMTP settings among ordinary files (deterministic: same tree every run).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32; };
}

const filler = (r: () => number, lines: number, prefix: string) =>
  Array.from({ length: lines }, (_, i) => `${prefix} line ${i} value ${Math.floor(r() * 1e6)} lorem ipsum dolor sit amet`).join('\n');

interface Kind { ext: string; weight: number; body(r: () => number): string }

const KINDS: Kind[] = [
  { ext: '.php', weight: 14, body: (r) => `<?php\n// controller\nfunction handler_${Math.floor(r() * 1e5)}($req) {\n${filler(r, 30, '  $x = 1; //')}\n}\n` },
  { ext: '.js', weight: 14, body: (r) => `'use strict';\nexport function f${Math.floor(r() * 1e5)}(a) {\n${filler(r, 30, '  // ')}\n}\n` },
  { ext: '.py', weight: 10, body: (r) => `import os\n\ndef task_${Math.floor(r() * 1e5)}():\n${filler(r, 30, '    # ')}\n` },
  { ext: '.css', weight: 8, body: (r) => `.c${Math.floor(r() * 1e5)} { color: #333; }\n`.repeat(20) },
  { ext: '.html', weight: 8, body: (r) => `<html><body>${filler(r, 20, '<p>')}</body></html>\n` },
  { ext: '.md', weight: 6, body: (r) => `# Notes\n${filler(r, 20, '-')}\n` },
  { ext: '.txt', weight: 6, body: (r) => filler(r, 20, '') },
  { ext: '.json', weight: 8, body: (r) => JSON.stringify({ name: `pkg${Math.floor(r() * 1e5)}`, items: Array.from({ length: 20 }, (_, i) => ({ i, v: r() })) }, null, 2) },
  { ext: '.xml', weight: 4, body: (r) => `<?xml version="1.0"?>\n<root>${filler(r, 20, '<item/>')}</root>\n` },
  { ext: '.yml', weight: 4, body: (r) => `service:\n  name: s${Math.floor(r() * 1e5)}\n  replicas: 2\n${filler(r, 15, '  #')}\n` },
  { ext: '.conf', weight: 4, body: (r) => `# config\n${filler(r, 20, 'option')}\n` },
  { ext: '.ini', weight: 2, body: (r) => `[section]\n${filler(r, 15, 'key=')}\n` },
  { ext: '.properties', weight: 2, body: (r) => `app.name=a${Math.floor(r() * 1e5)}\n${filler(r, 15, '#')}\n` },
  { ext: '.png', weight: 6, body: (r) => String.fromCharCode(...Array.from({ length: 2048 }, () => Math.floor(r() * 256))) },
  { ext: '.log', weight: 2, body: (r) => filler(r, 40, 'INFO') },
  { ext: '.ps1', weight: 2, body: (r) => `param([string]$Name)\n${filler(r, 20, '# ')}\nWrite-Host $Name\n` },
];

const PLANTS: ((i: number) => [string, string])[] = [
  (i) => [`etc/postfix/main.cf`, `myhostname = host${i}.corp.contoso.com\nrelayhost = [relay${i}.corp.contoso.local]:25\n`],
  (i) => [`etc/msmtprc`, `defaults\ntls on\naccount default\nhost smtp${i}.contoso.local\nport 587\nuser app${i}\npassword R365CANARY-bench-${i}\n`],
];

export function generateTree(root: string, total: number): number {
  const r = rng(365);
  const weights = KINDS.reduce((a, k) => a + k.weight, 0);
  const servers = Math.max(1, Math.round(total / 500));
  let written = 0;
  let planted = 0;
  for (let s = 0; s < servers && written < total; s++) {
    const server = join(root, `srv${String(s).padStart(4, '0')}`);
    for (const make of PLANTS) {
      const [rel, body] = make(s);
      mkdirSync(join(server, rel, '..'), { recursive: true });
      writeFileSync(join(server, rel), body);
      written++;
      planted++;
    }
    const perServer = Math.min(total - written, Math.ceil((total - written) / (servers - s)));
    for (let f = 0; f < perServer; f++) {
      let pick = r() * weights;
      const kind = KINDS.find((k) => (pick -= k.weight) < 0) ?? KINDS[0];
      const dir = join(server, 'var', 'www', `app${f % 4}`, ['src', 'lib', 'public', 'config'][Math.floor(f / 25) % 4], `m${Math.floor(f / 100) % 5}`);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, `${f % 10 === 0 ? '.' : ''}file${f}${kind.ext}`), kind.body(r));
      written++;
    }
  }
  return planted;
}
