#!/usr/bin/env node
// `retable verify --format json` and `retable codemod` (dry run) against `rg -c -w` with the same names
// over the same files, on the 10,000-file corpus and on generated 50,000- and 100,000-file variants:
// whole-process wall time (median, runs alternated), CPU time, peak memory (GNU time), the ratios to
// ripgrep, and the time and memory per 10,000 files (growth with size: linear when they stay flat).
//   node bench/scale.mjs [--runs N] [--big-runs N] [--sizes 10000,50000,100000] [--seed N]
import { existsSync, openSync, closeSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_CORPUS_DIR, DEFAULT_FILES, DEFAULT_SEED, ensureCorpus } from './corpus.mjs';
import { NEW_NAMES, OLD_NAMES, isMain, median, repo, requireRipgrep, retableBin, ripgrepArgs, runOnce } from './lib.mjs';

/** Targets of the issue, printed next to the figures (never asserted). */
const TARGETS = { verify: 3, codemod: 4, rssAt50k: 250 };

export function scaleOptions(argv = process.argv.slice(2)) {
  const { values } = parseArgs({
    args: argv,
    options: {
      runs: { type: 'string' },
      'big-runs': { type: 'string' },
      sizes: { type: 'string' },
      files: { type: 'string' },
      seed: { type: 'string' },
    },
  });
  const positive = (value, flag, fallback) => {
    const n = Number(value ?? fallback);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${flag} must be a positive integer, got ${value}`);
    return n;
  };
  const runs = positive(values.runs ?? process.env.RETABLE_BENCH_RUNS, '--runs', 7);
  const first = values.files ? positive(values.files, '--files') : DEFAULT_FILES;
  const sizes = (values.sizes ?? `${first},50000,100000`).split(',').map((s) => positive(s, '--sizes'));
  return { runs, bigRuns: positive(values['big-runs'], '--big-runs', 3), sizes, seed: values.seed ? Number(values.seed) : DEFAULT_SEED };
}

/** The default corpus is the DEFAULT_FILES one; other sizes live next to it. */
function corpusDir(files) {
  return files === DEFAULT_FILES ? DEFAULT_CORPUS_DIR : `${DEFAULT_CORPUS_DIR}-${files}`;
}

/** One run under GNU time (when installed): wall and CPU seconds, peak resident memory in MB. */
function measure(command, args, cwd, expected, devNull) {
  const gnuTime = existsSync('/usr/bin/time');
  const started = process.hrtime.bigint();
  const result = gnuTime
    ? spawnSync('/usr/bin/time', ['-f', '%U %S %M', command, ...args], { cwd, stdio: ['ignore', devNull, 'pipe'], encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: '1' } })
    : spawnSync(command, args, { cwd, stdio: ['ignore', devNull, 'pipe'], encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: '1' } });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.error) throw result.error;
  if (!expected.includes(result.status)) {
    throw new Error(`${path.basename(command)} ${args.slice(1, 2).join(' ')} exited with ${result.status}: ${result.stderr.trim().split('\n').at(-2)}`);
  }
  if (!gnuTime) return { wall, cpu: Number.NaN, rss: Number.NaN };
  const [user, sys, kb] = result.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  return { wall, cpu: user + sys, rss: kb / 1024 };
}

/** Every command `runs` times, alternated, so a change in the machine's load hits them alike. */
function alternate(commands, cwd, runs) {
  const devNull = openSync('/dev/null', 'w');
  const samples = commands.map(() => []);
  try {
    for (let run = 0; run < runs; run += 1) {
      commands.forEach(([command, args, expected], i) => samples[i].push(measure(command, args, cwd, expected, devNull)));
    }
  } finally {
    closeSync(devNull);
  }
  return samples.map((runs_) => ({
    wall: median(runs_.map((s) => s.wall)),
    cpu: median(runs_.map((s) => s.cpu)),
    rss: Math.max(...runs_.map((s) => s.rss)),
    walls: runs_.map((s) => s.wall),
  }));
}

export async function benchScale(options = scaleOptions()) {
  const ripgrepVersion = requireRipgrep();
  const load = os.loadavg().map((n) => n.toFixed(1)).join(' ');
  console.log(`machine: ${os.cpus().length} CPUs, load average ${load}, Node ${process.version}, ${ripgrepVersion}`);
  console.log(`names: verify and rg with ${OLD_NAMES.length + NEW_NAMES.length} old and new names; codemod and rg with ${OLD_NAMES.length} old names`);
  const rows = [];
  for (const files of options.sizes) {
    const dir = corpusDir(files);
    const started = performance.now();
    const stamp = await ensureCorpus({ dir, files, seed: options.seed });
    const made = stamp.reused ? 'reused' : `generated in ${((performance.now() - started) / 1000).toFixed(0)} s`;
    const runs = files <= DEFAULT_FILES ? options.runs : Math.min(options.runs, options.bigRuns);
    console.log(
      `\ncorpus ${path.relative(repo, dir)}: ${stamp.files} files, ${(stamp.bytes / 1e6).toFixed(1)} MB, ${stamp.referenceFiles} name tables (${made}); median of ${runs} runs`,
    );
    const verifyArgs = [retableBin, 'verify', '--format', 'json', '--cwd', dir];
    const codemodArgs = [retableBin, 'codemod', '--cwd', dir];
    const rgAll = ripgrepArgs([...OLD_NAMES, ...NEW_NAMES]);
    const rgOld = ripgrepArgs(OLD_NAMES);
    // What each found, once: a run that finds nothing would be fast for the wrong reason.
    const report = JSON.parse(runOnce(process.execPath, verifyArgs, dir, [1]).stdout);
    const summary = runOnce(process.execPath, codemodArgs, dir, [0]).stderr.trim().split('\n').at(-1);
    console.log(`  verify: ${report.totalOld} old, ${report.totalNew} new, ${report.dynamic} dynamic references; codemod: ${summary.replace(/^retable codemod \(dry run\): /, '')}`);
    const [verify, codemod, rgA, rgO] = alternate(
      [
        [process.execPath, verifyArgs, [1]],
        [process.execPath, codemodArgs, [0]],
        ['rg', rgAll, [0]],
        ['rg', rgOld, [0]],
      ],
      dir,
      runs,
    );
    const row = { files: stamp.files, mb: stamp.bytes / 1e6, runs, verify, codemod, rgAll: rgA, rgOld: rgO };
    rows.push(row);
    const s = (x) => x.toFixed(2);
    console.log(`  verify  ${s(verify.wall)} s  [${verify.walls.map(s).join(' ')}]   rg ${s(rgA.wall)} s   ratio ${(verify.wall / rgA.wall).toFixed(1)}×`);
    console.log(`  codemod ${s(codemod.wall)} s  [${codemod.walls.map(s).join(' ')}]   rg ${s(rgO.wall)} s   ratio ${(codemod.wall / rgO.wall).toFixed(1)}×`);
  }
  printTable(rows);
  return rows;
}

function printTable(rows) {
  const header = ['files', 'MB', 'runs', 'verify s', 'rg s', 'ratio', 'CPU s (rg)', 'CPU ratio', 'verify RSS MB', 'codemod s', 'rg s', 'ratio', 'codemod RSS MB', 's / 10k files (verify, codemod)'];
  const lines = rows.map((r) => [
    String(r.files),
    r.mb.toFixed(0),
    String(r.runs),
    r.verify.wall.toFixed(2),
    r.rgAll.wall.toFixed(2),
    `${(r.verify.wall / r.rgAll.wall).toFixed(1)}×`,
    `${r.verify.cpu.toFixed(2)} (${r.rgAll.cpu.toFixed(2)})`,
    `${(r.verify.cpu / r.rgAll.cpu).toFixed(1)}×`,
    r.verify.rss.toFixed(0),
    r.codemod.wall.toFixed(2),
    r.rgOld.wall.toFixed(2),
    `${(r.codemod.wall / r.rgOld.wall).toFixed(1)}×`,
    r.codemod.rss.toFixed(0),
    `${((r.verify.wall / r.files) * 1e4).toFixed(2)}, ${((r.codemod.wall / r.files) * 1e4).toFixed(2)}`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  console.log(`\nverify and codemod vs rg by size (wall and CPU = user + sys: medians; RSS: peak of the runs; targets: verify ≤ ${TARGETS.verify}×, codemod ≤ ${TARGETS.codemod}× at 10k and 50k, RSS ≤ ${TARGETS.rssAt50k} MB at 50k)`);
  console.log(fmt(header));
  console.log(`|${widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : `${'-'.repeat(w + 1)}:`)).join('|')}|`);
  for (const line of lines) console.log(fmt(line));
  const big = rows.filter((r) => r.files >= 50_000);
  for (const r of big) {
    if (r.files === 50_000) {
      console.log(`RSS at 50k: verify ${r.verify.rss.toFixed(0)} MB, codemod ${r.codemod.rss.toFixed(0)} MB (target ≤ ${TARGETS.rssAt50k} MB)`);
    }
  }
  if (rows.length > 1) {
    const [a, b] = [rows[0], rows.at(-1)];
    const grow = (x, y) => `${(y / x).toFixed(1)}×`;
    console.log(
      `growth ${a.files} → ${b.files} files (${grow(a.files, b.files)}): verify time ${grow(a.verify.wall, b.verify.wall)} (CPU ${grow(a.verify.cpu, b.verify.cpu)}), RSS ${grow(a.verify.rss, b.verify.rss)}; codemod time ${grow(a.codemod.wall, b.codemod.wall)} (CPU ${grow(a.codemod.cpu, b.codemod.cpu)}), RSS ${grow(a.codemod.rss, b.codemod.rss)}`,
    );
  }
}

if (isMain(import.meta.url)) await benchScale();
