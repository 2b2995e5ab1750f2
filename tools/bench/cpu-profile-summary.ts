/**
 * Where a process's CPU time went, from a V8 profile (`node --cpu-prof`; the gateway benches write
 * them with BENCH_CPU_PROF=<dir>): self time by package (or file of the workspace) and the
 * functions that take most, in percent of the busy samples (idle left out).
 *
 *   npx tsx tools/bench/cpu-profile-summary.ts <file.cpuprofile> [top=25]
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
}

const [file, topArg] = process.argv.slice(2);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const top = Number(topArg ?? 25);
const byId = new Map(profile.nodes.map((n) => [n.id, n]));

/** node_modules/<package> (scoped too), a workspace file, node's own, or V8's (GC, idle, program). */
function placeOf(url: string, functionName: string): string {
  if (!url) return `(${functionName || 'anonymous'})`;
  const modules = url.lastIndexOf('node_modules/');
  if (modules >= 0) {
    const rest = url.slice(modules + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.startsWith('node:')) return url;
  return url.replace(/^file:\/\//, '').replace(/^.*\/(dist|apps|libs)\//, '$1/');
}

const places = new Map<string, number>();
const functions = new Map<string, number>();
let idle = 0;
for (const id of profile.samples) {
  const node = byId.get(id)!;
  if (node.callFrame.functionName === '(idle)') {
    idle++;
    continue;
  }
  const { functionName, url, lineNumber } = node.callFrame;
  const place = placeOf(url, functionName);
  places.set(place, (places.get(place) ?? 0) + 1);
  const fn = `${functionName || '(anonymous)'} ${place}:${lineNumber + 1}`;
  functions.set(fn, (functions.get(fn) ?? 0) + 1);
}
const total = profile.samples.length - idle;
const print = (title: string, map: Map<string, number>) => {
  process.stdout.write(`${title}\n`);
  for (const [name, count] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top))
    process.stdout.write(`  ${((100 * count) / total).toFixed(1).padStart(5)}%  ${name}\n`);
};
process.stdout.write(`${file}: ${total} отсчётов работы (простой ${idle} не в счёт), в % от работы\n`);
print('Собственное время по пакетам и файлам:', places);
print('Функции:', functions);
