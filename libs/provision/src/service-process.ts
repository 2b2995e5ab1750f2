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

/** How the process is launched: from source through tsx, or as built JavaScript. */
export type ServiceLaunch =
  | {
      /** Entry file relative to the workspace root, e.g. apps/registry/src/main.ts (through tsx). */
      entry: string;
    }
  | {
      /**
       * `node`'s arguments for built JavaScript (no tsx), relative to `cwd`: the deployable form,
       * e.g. the command of docker-compose.yml (docs/decisions.md §78).
       */
      nodeArgs: string[];
      cwd: string;
    };

export type ServiceProcessOptions = ServiceLaunch & {
  name: string;
  port: number;
  env: Record<string, string>;
  /** Pass the process output through to this stream as well (the run command). */
  echo?: NodeJS.WritableStream;
  readyTimeoutMs?: number;
};

/**
 * Starts an app of the workspace as its own Node process (through tsx from source, or built) and waits
 * until GET /readyz answers 200. Stopped by process id: SIGTERM, which the app handles by
 * draining and flushing, then SIGKILL after a grace period.
 */
export async function startServiceProcess(options: ServiceProcessOptions): Promise<ServiceProcess> {
  const root = workspaceRoot();
  const launch =
    'entry' in options
      ? {
          args: ['--import', 'tsx', join(root, options.entry)],
          cwd: root,
          env: { TSX_TSCONFIG_PATH: join(root, 'tsconfig.base.json') },
        }
      : { args: options.nodeArgs, cwd: options.cwd, env: {} };
  const child = spawn(process.execPath, launch.args, {
    cwd: launch.cwd,
    env: {
      ...process.env,
      ...launch.env,
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
