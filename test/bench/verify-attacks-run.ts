import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ATTACK_SIZES, ATTACKS } from './verify-attacks';

/**
 * The POST /verify handler's CPU time on each hostile shape at four sizes, every case in a
 * process of its own (killed past `limitMs`). Target: at most 1 s of CPU for any body up to
 * its cap; outbound fetches are excluded (they fail at once here).
 */
const child = fileURLToPath(new URL('./verify-attack-child.ts', import.meta.url));

interface Outcome {
  cpuMs?: number;
  status?: number;
  killed?: boolean;
  error?: string;
}

function runCase(index: number, size: number, limitMs: number): Promise<Outcome> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', child, String(index), String(size)], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    proc.stdout.on('data', (c: Buffer) => (out += c.toString()));
    proc.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const timer = setTimeout(() => proc.kill('SIGKILL'), limitMs);
    proc.on('close', (code, signal) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (line) return resolve(JSON.parse(line.slice('RESULT '.length)) as Outcome);
      resolve(signal === 'SIGKILL' ? { killed: true } : { error: `exit ${code}: ${err.trim().split('\n').slice(-3).join(' ')}` });
    });
  });
}

const label = (bytes: number) => (bytes >= 1024 * 1024 ? `${bytes / 1024 / 1024} MiB` : `${bytes / 1024} KiB`);

export async function benchAttacks(options: { limitMs?: number } = {}) {
  const limitMs = options.limitMs ?? 30_000;
  console.log(`POST /verify under hostile bodies: the handler's CPU ms (worst of 3, warm), and the answer; a case killed after ${limitMs / 1000} s shows "> ${limitMs / 1000} s"\n`);
  console.log(`| shape | ${ATTACK_SIZES.map(label).join(' | ')} | worst |`);
  console.log(`|---|${ATTACK_SIZES.map(() => '---|').join('')}---|`);
  let overall = 0;
  for (const [index, attack] of ATTACKS.entries()) {
    const cells: string[] = [];
    let worst = 0;
    for (const size of ATTACK_SIZES) {
      const r = await runCase(index, size, limitMs);
      const cpu = r.killed ? limitMs : (r.cpuMs ?? 0);
      worst = Math.max(worst, cpu);
      cells.push(r.killed ? `> ${limitMs / 1000} s` : r.error ? `error (${r.error.slice(0, 60)})` : `${r.cpuMs!.toFixed(0)} ms (${r.status})`);
    }
    overall = Math.max(overall, worst);
    console.log(`| ${attack.shape} | ${cells.join(' | ')} | ${worst >= limitMs ? `> ${limitMs / 1000} s` : `${worst.toFixed(0)} ms`} |`);
  }
  console.log(`\nworst CPU over every shape and size: ${overall >= limitMs ? `> ${limitMs / 1000} s` : `${overall.toFixed(0)} ms`} (target ≤ 1000 ms)\n`);
  return overall;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await benchAttacks();
