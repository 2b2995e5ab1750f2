import { parseEnvironment } from '@opora/config';

import { gatewayEnvironmentModel } from '../environment';
import { startGateway } from '../gateway-server';

/** The gateway in this process on a free port, its logs silenced. */
export function startTestGateway(env: Record<string, string>) {
  return startGateway(
    parseEnvironment(gatewayEnvironmentModel, {
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'fatal',
      AUTH_PUBLIC_KEY_FILE: process.env.AUTH_PUBLIC_KEY_FILE,
      ...env,
    }),
  );
}

/** Sum of a Prometheus series (all label sets matching `labels`) from a /metrics text. */
export function metricSum(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(`${name}{`) && !line.startsWith(`${name} `)) continue;
    if (!Object.entries(labels).every(([k, v]) => line.includes(`${k}="${v}"`))) continue;
    sum += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return sum;
}

export async function scrape(baseUrl: string): Promise<string> {
  const response = await fetch(`${baseUrl}/metrics`);
  if (!response.ok) throw new Error(`/metrics: ${response.status}`);
  return response.text();
}
