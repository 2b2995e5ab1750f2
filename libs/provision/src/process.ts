import type { ChildProcess } from 'node:child_process';

/** Stops a process we started: SIGTERM, then SIGKILL after graceMs. Resolves when it is gone. */
export async function stopProcess(child: ChildProcess | number, graceMs = 15_000): Promise<void> {
  const pid = typeof child === 'number' ? child : child.pid;
  if (!pid || !isAlive(pid)) return;
  signal(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  if (isAlive(pid)) signal(pid, 'SIGKILL');
  while (isAlive(pid)) await new Promise((r) => setTimeout(r, 50));
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}
