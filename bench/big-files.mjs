#!/usr/bin/env node
// `retable codemod` on single big files: dense generated files of 0.25, 1 and 4 MB (a table
// reference on every line) and a 20 MB generated file with 26 references. Prints the wall time of
// the dry run (diff to /dev/null) and of --write, the peak memory (GNU time, when installed), and
// how the time grows with the size (linear: 4 MB takes about 16 × the 0.25 MB time).
//   node bench/big-files.mjs [--runs N]
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { benchOptions, isMain, repo, retableBin, time } from './lib.mjs';

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

/** Peak resident memory of one run in MB (GNU time), or undefined without it. */
function peakMemory(args, cwd) {
  if (!existsSync('/usr/bin/time')) return undefined;
  const result = spawnSync('/usr/bin/time', ['-f', '%M', process.execPath, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 });
  const kb = Number(result.stderr.trim().split('\n').at(-1));
  return Number.isFinite(kb) ? kb / 1024 : undefined;
}

export async function benchBigFiles(options = benchOptions()) {
  const runs = Math.min(options.runs, 3);
  const cases = [
    ['dense 0.25 MB', denseFile(0.25e6)],
    ['dense 1 MB', denseFile(1e6)],
    ['dense 4 MB', denseFile(4e6)],
    ['generated 20 MB, 26 references', generatedFile(20e6, 26)],
  ];
  console.log(`codemod on one big file (median of ${runs} runs; dry run prints the diff to /dev/null)`);
  const rows = [];
  for (const [label, text] of cases) {
    const dir = await project(label.replace(/\W+/g, '-'), text);
    const dryArgs = [retableBin, 'codemod', '--cwd', dir];
    const dry = time(process.execPath, dryArgs, dir, [0], runs);
    const memory = peakMemory(dryArgs, dir);
    // --write on a fresh copy each run.
    const writes = [];
    for (let i = 0; i < runs; i++) {
      const copy = `${dir}-write`;
      await rm(copy, { recursive: true, force: true });
      await cp(dir, copy, { recursive: true });
      writes.push(time(process.execPath, [retableBin, 'codemod', '--write', '--cwd', copy], copy, [0], 1).median);
      await rm(copy, { recursive: true, force: true });
    }
    const write = writes.sort((a, b) => a - b)[Math.floor(writes.length / 2)];
    const references = (text.match(/leads|profiles/g) ?? []).length;
    rows.push({ label, mb: text.length / 1e6, dry: dry.median, write });
    console.log(
      `  ${label.padEnd(32)} ${(text.length / 1e6).toFixed(2).padStart(6)} MB  ${String(references).padStart(6)} refs  ` +
        `dry run ${dry.median.toFixed(2)} s  --write ${write.toFixed(2)} s` +
        (memory ? `  peak ${memory.toFixed(0)} MB` : ''),
    );
  }
  const [small, , large] = rows;
  console.log(
    `  4 MB / 0.25 MB: size ×${(large.mb / small.mb).toFixed(1)}, dry run ×${(large.dry / small.dry).toFixed(1)}, ` +
      `--write ×${(large.write / small.write).toFixed(1)} (whole-process times include Node's ~0.3 s start)`,
  );
  await rm(DIR, { recursive: true, force: true });
  return rows;
}

if (isMain(import.meta.url)) await benchBigFiles();
