// Shared by the benchmarks: the corpus, whole-process timing, and plain figures.
import { spawnSync } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { DEFAULT_CORPUS_DIR, DEFAULT_FILES, DEFAULT_SEED, RENAMES, ensureCorpus } from './corpus.mjs';

export const repo = fileURLToPath(new URL('../', import.meta.url));
export const retableBin = path.join(repo, 'packages/cli/bin/retable.js');
export const OLD_NAMES = Object.keys(RENAMES);
export const NEW_NAMES = Object.values(RENAMES);

/** `--runs N --files N --seed N` (env RETABLE_BENCH_RUNS also sets the runs). */
export function benchOptions(argv = process.argv.slice(2)) {
  const { values } = parseArgs({
    args: argv,
    options: { runs: { type: 'string' }, files: { type: 'string' }, seed: { type: 'string' } },
  });
  const runs = Number(values.runs ?? process.env.RETABLE_BENCH_RUNS ?? 5);
  if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer, got ${values.runs}`);
  return {
    runs,
    files: values.files ? Number(values.files) : DEFAULT_FILES,
    seed: values.seed ? Number(values.seed) : DEFAULT_SEED,
  };
}

/** Generate the corpus if needed and describe it in one line. */
export async function prepareCorpus(options) {
  const dir = DEFAULT_CORPUS_DIR;
  const stamp = await ensureCorpus({ dir, files: options.files, seed: options.seed });
  console.log(
    `corpus: ${path.relative(repo, dir)}: ${stamp.files} TS/TSX files, ${(stamp.bytes / 1e6).toFixed(1)} MB; ` +
      `${stamp.referenceFiles} name tables, ${stamp.lookAlikeFiles} use the same words only in copy, routes, keys and comments`,
  );
  // Whole-process times depend on what else runs: say so next to the figures.
  const load = os.loadavg().map((n) => n.toFixed(1)).join(' ');
  console.log(`machine: ${os.cpus().length} CPUs, load average ${load}, Node ${process.version}`);
  return dir;
}

/** `rg -c -w -e name …` over the corpus's TS/TSX files (the same files retable scans). */
export function ripgrepArgs(names) {
  return ['-c', '-w', '--no-ignore', '-t', 'ts', ...names.flatMap((name) => ['-e', name]), '.'];
}

/** Run once, untimed, capturing output (to check the command works and to report what it found). */
export function runOnce(command, args, cwd, expected) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: '1' } });
  if (result.error) throw result.error;
  if (!expected.includes(result.status)) {
    throw new Error(`${path.basename(command)} ${args.slice(0, 3).join(' ')} … exited with ${result.status}: ${result.stderr.trim()}`);
  }
  return result;
}

/** Whole-process wall time of `runs` runs (stdout to /dev/null, as hyperfine does). */
export function time(command, args, cwd, expected, runs) {
  const devNull = openSync('/dev/null', 'w');
  const seconds = [];
  try {
    for (let i = 0; i < runs; i++) {
      const started = process.hrtime.bigint();
      const result = spawnSync(command, args, {
        cwd,
        stdio: ['ignore', devNull, 'pipe'],
        encoding: 'utf8',
        maxBuffer: 1 << 30,
        env: { ...process.env, NO_COLOR: '1' },
      });
      const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
      if (result.error) throw result.error;
      if (!expected.includes(result.status)) {
        throw new Error(`${path.basename(command)} exited with ${result.status}: ${result.stderr.trim().split('\n').at(-1)}`);
      }
      seconds.push(elapsed);
    }
  } finally {
    closeSync(devNull);
  }
  return { median: median(seconds), seconds };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Both times and the ratio, plainly. */
export function printComparison({ title, retable, ripgrep, target }) {
  const fmt = (s) => `${s.toFixed(3)} s`;
  const runs = (t) => t.seconds.map((s) => s.toFixed(3)).join(' ');
  const width = Math.max(retable.label.length, ripgrep.label.length);
  console.log(`\n${title} (median of ${retable.seconds.length} runs each)`);
  console.log(`  ${retable.label.padEnd(width)}  ${fmt(retable.median)}   [${runs(retable)}]`);
  console.log(`  ${ripgrep.label.padEnd(width)}  ${fmt(ripgrep.median)}   [${runs(ripgrep)}]`);
  const ratio = retable.median / ripgrep.median;
  console.log(`  ratio retable / rg: ${ratio.toFixed(1)}× (target: within ${target}×)`);
  return ratio;
}

/** ripgrep must be installed (Debian: apt-get install ripgrep). */
export function requireRipgrep() {
  const probe = spawnSync('rg', ['--version'], { encoding: 'utf8' });
  if (probe.error || probe.status !== 0) {
    throw new Error('ripgrep (rg) is not installed; on Debian/Ubuntu: apt-get install -y ripgrep');
  }
  return probe.stdout.split('\n')[0];
}

/** Whether a module is the script node was started with. */
export function isMain(url) {
  return process.argv[1] !== undefined && url === pathToFileURL(path.resolve(process.argv[1])).href;
}
