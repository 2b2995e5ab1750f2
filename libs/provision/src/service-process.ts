import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';

import { workspaceRoot } from './paths';
import { stopProcess, waitForChild } from './process';

export interface ServiceProcess {
  name: string;
  pid: number;
  /** Base URL, e.g. http://127.0.0.1:4001 */
  baseUrl: string;
  graphqlUrl: string;
  child: ChildProcess;
  /** Everything the process printed (for error reports). */
  output: () => string;
  stop: () => Promise<void>;
}

export interface ServiceProcessOptions {
  name: string;
  /** Entry file relative to the workspace root, e.g. apps/registry/src/main.ts */
  entry: string;
  port: number;
  env: Record<string, string>;
  /** Pass the process output through to this stream as well (the run command). */
  echo?: NodeJS.WritableStream;
  readyTimeoutMs?: number;
}

/**
 * Starts an app of the workspace as its own Node process (through tsx, from source) and waits
 * until GET /readyz answers 200. Stopped by process id: SIGTERM, which the app handles by
 * draining and flushing, then SIGKILL after a grace period.
 */
export async function startServiceProcess(options: ServiceProcessOptions): Promise<ServiceProcess> {
  const root = workspaceRoot();
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, options.entry)], {
    cwd: root,
    env: {
      ...process.env,
      TSX_TSCONFIG_PATH: join(root, 'tsconfig.base.json'),
      ...options.env,
      PORT: String(options.port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
    if (output.length > 200_000) output = output.slice(-100_000);
    options.echo?.write(chunk);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const baseUrl = `http://127.0.0.1:${options.port}`;
  const stop = () => stopProcess(child, 20_000);
  await waitForChild(child, {
    name: options.name,
    ready: async () => {
      try {
        const response = await fetch(`${baseUrl}/readyz`, { signal: AbortSignal.timeout(2000) });
        return response.ok;
      } catch {
        return false;
      }
    },
    outputTail: () => output.slice(-3000),
    timeoutMs: options.readyTimeoutMs ?? 60_000,
    graceMs: 20_000,
  });
  return {
    name: options.name,
    pid: child.pid!,
    baseUrl,
    graphqlUrl: `${baseUrl}/graphql`,
    child,
    output: () => output,
    stop,
  };
}
