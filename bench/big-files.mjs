#!/usr/bin/env node
// `retable codemod` on single big files: dense generated files of 0.25, 1 and 4 MB (a table
// reference on every line) and a 20 MB generated file with 26 references. Prints the CPU and wall
// time of the dry run and of --write and the peak memory (GNU time), and how the time grows with
// the size (linear: 4 MB takes about 16 × the 0.25 MB time).
//   node bench/big-files.mjs [--runs N]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { benchOptions, isMain, repo, retableBin } from './lib.mjs';

const DIR = path.join(repo, '.bench', 'big-files');
const RENAMES = { leads: 'crm_leads', profiles: 'user_profiles' };

/** `bytes` of lines that each name a table twice (`.from()` and an embed). */
function denseFile(bytes) {
  const lines = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = `export const q${i} = () => db.from('leads').select('id, name, profiles(email)').eq('id', ${i});\n`;
    lines.push(line);
    size += line.length;
  }
  return `import { db } from './db';\n${lines.join('')}`;
}

/** ~20 MB of generated data (a big constant table) with 26 references spread through it. */
function generatedFile(bytes, references) {
  const lines = ['import { db } from "./db";', 'export const rows = ['];
  const every = Math.floor(bytes / 80 / references);
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = i % every === every - 1 ? `  db.from("leads").select("id"), // ${i}` : `  { id: ${i}, label: "row ${i}", value: ${(i * 7919) % 100003} },`;
    lines.push(line);
    size += line.length + 1;
  }
  lines.push('];', '');
  return lines.join('\n');
}

async function project(name, text) {
  const dir = path.join(DIR, name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(path.join(dir, 'src'), { recursive: true });
  await writeFile(path.join(dir, 'retable.config.json'), JSON.stringify({ renames: RENAMES }));
  await writeFile(path.join(dir, 'src', 'big.ts'), text);
  return dir;
}

/**
 * One run under GNU time: wall and CPU seconds (user + sys) and peak memory in MB. CPU time is
 * the figure to compare across sizes on a shared machine; wall time grows with the load.
 */
function measure(args, cwd) {
  const started = process.hrtime.bigint();
  const gnuTime = existsSync('/usr/bin/time');
  const result = gnuTime
    ? spawnSync('/usr/bin/time', ['-f', '%U %S %M', process.execPath, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: '1' } })
    : spawnSync(process.execPath, args, { cwd, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: '1' } });
  const wall = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0) throw new Error(`retable ${args.slice(1, 3).join(' ')} exited with ${result.status}: ${result.stderr.trim().split('\n').at(-2)}`);
  if (!gnuTime) return { wall, cpu: Number.NaN, memory: Number.NaN };
  const [user, sys, kb] = result.stderr.trim().split('\n').at(-1).split(' ').map(Number);
  return { wall, cpu: user + sys, memory: kb / 1024 };
}

const middle = (runs, key) => runs.map((run) => run[key]).sort((a, b) => a - b)[Math.floor(runs.length / 2)];

export async function benchBigFiles(options = benchOptions()) {
  const runs = Math.min(options.runs, 3);
  const cases = [
    ['dense 0.25 MB', denseFile(0.25e6)],
    ['dense 1 MB', denseFile(1e6)],
    ['dense 4 MB', denseFile(4e6)],
    ['generated 20 MB, 26 references', generatedFile(20e6, 26)],
  ];
  console.log(`codemod on one big file (median of ${runs} runs; CPU = user + sys; the dry run's diff is read and dropped)`);
  const rows = [];
  for (const [label, text] of cases) {
    const dir = await project(label.replace(/\W+/g, '-'), text);
    const dry = [];
    const write = [];
    for (let i = 0; i < runs; i++) {
      dry.push(measure([retableBin, 'codemod', '--cwd', dir], dir));
      // --write on a fresh copy each run.
      const copy = `${dir}-write`;
      await rm(copy, { recursive: true, force: true });
      await cp(dir, copy, { recursive: true });
      write.push(measure([retableBin, 'codemod', '--write', '--cwd', copy], copy));
      await rm(copy, { recursive: true, force: true });
    }
    const references = (text.match(/leads|profiles/g) ?? []).length;
    const row = { label, mb: text.length / 1e6, dry: middle(dry, 'cpu'), write: middle(write, 'cpu') };
    rows.push(row);
    console.log(
      `  ${label.padEnd(32)} ${row.mb.toFixed(2).padStart(6)} MB  ${String(references).padStart(6)} refs  ` +
        `dry run ${row.dry.toFixed(2)} s CPU (${middle(dry, 'wall').toFixed(2)} s wall, peak ${middle(dry, 'memory').toFixed(0)} MB)  ` +
        `--write ${row.write.toFixed(2)} s CPU (${middle(write, 'wall').toFixed(2)} s wall, peak ${middle(write, 'memory').toFixed(0)} MB)`,
    );
  }
  const [small, , large] = rows;
  console.log(
    `  4 MB / 0.25 MB: size ×${(large.mb / small.mb).toFixed(1)}, dry run ×${(large.dry / small.dry).toFixed(1)}, ` +
      `--write ×${(large.write / small.write).toFixed(1)} (CPU times include Node's start and loading TypeScript, ~0.5 s)`,
  );
  await rm(DIR, { recursive: true, force: true });
  return rows;
}

if (isMain(import.meta.url)) await benchBigFiles();
