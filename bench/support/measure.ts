// Measure a command as a child process: wall time and peak RSS (ru_maxrss of the child, via python's
// getrusage(RUSAGE_CHILDREN): node cannot read a child's rusage, and one method for every peer keeps ratios fair).
import { spawnSync } from 'node:child_process';

export interface Measurement { seconds: number; peakMb: number; code: number; stdout: string }

const wrapper = `
import subprocess, resource, sys, time, json
t = time.perf_counter()
r = subprocess.run(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
s = time.perf_counter() - t
sys.stderr.write(json.dumps({"seconds": s, "kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "code": r.returncode}))
sys.stdout.buffer.write(r.stdout)
`;

export function measure(command: string[], cwd?: string): Measurement {
  const r = spawnSync('python3', ['-c', wrapper, ...command], { cwd, maxBuffer: 1024 * 1024 * 1024, encoding: 'utf8' });
  if (r.error) throw r.error;
  const stats = JSON.parse(r.stderr.trim().split('\n').pop() ?? '{}') as { seconds: number; kb: number; code: number };
  return { seconds: stats.seconds, peakMb: stats.kb / 1024, code: stats.code, stdout: r.stdout };
}

/** Best of n runs (by wall time), after the first run warmed the page cache. */
export function best(n: number, command: string[], cwd?: string): Measurement {
  let best: Measurement | undefined;
  for (let i = 0; i < n; i++) {
    const m = measure(command, cwd);
    if (!best || m.seconds < best.seconds) best = m;
  }
  return best!;
}

export function ratio(a: number, b: number): string {
  return (a / b).toFixed(2);
}
