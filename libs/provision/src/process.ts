import type { ChildProcess } from 'node:child_process';

import { waitFor } from './ports';

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

/**
 * Waits until a child we started is ready by `ready()`. Fails at once, with the tail of what it
 * printed, when the child exits first; on failure or time-out it stops the child by pid.
 */
export async function waitForChild(
  child: ChildProcess,
  options: {
    name: string;
    ready: () => Promise<boolean>;
    outputTail: () => string;
    timeoutMs: number;
    graceMs: number;
  },
): Promise<void> {
  try {
    await waitFor(
      options.name,
      async () => {
        if (child.exitCode !== null || child.signalCode !== null) {
          const how =
            child.exitCode !== null ? `с кодом ${child.exitCode}` : `по сигналу ${child.signalCode}`;
          throw new Error(`${options.name}: процесс завершился ${how} при запуске:\n${options.outputTail()}`);
        }
        return options.ready();
      },
      options.timeoutMs,
    );
  } catch (error) {
    await stopProcess(child, options.graceMs);
    throw error;
  }
}
