// Run python3 code as a child process (asynchronously: the sandbox under test lives in this same process).
import { spawn } from 'node:child_process';

export interface PythonRun { code: number | null; stdout: string; stderr: string }

export function runPython(code: string, args: string[] = [], options: { timeoutMs?: number; env?: NodeJS.ProcessEnv } = {}): Promise<PythonRun> {
  return new Promise((resolve, reject) => {
    const child = spawn('python3', ['-', ...args], { env: { ...process.env, PYTHONWARNINGS: 'ignore', PYTHONDONTWRITEBYTECODE: '1', ...options.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
    child.on('error', reject);
    child.on('close', (exit) => { clearTimeout(timer); resolve({ code: exit, stdout, stderr }); });
    child.stdin.end(code);
  });
}

/** The JSON object a script printed last (scripts print one JSON line of results). */
export function lastJson<T = Record<string, unknown>>(run: PythonRun): T {
  const line = run.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as T;
  } catch {
    throw new Error(`python printed no JSON (exit ${run.code}): ${run.stdout.slice(-500)} ${run.stderr.slice(-1500)}`);
  }
}
