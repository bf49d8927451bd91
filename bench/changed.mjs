#!/usr/bin/env node
// `retable verify --changed` against a full `retable verify` on the bench corpus committed into a
// temp git repository, for a few pull-request shapes; runs alternate, medians of wall and CPU time.
// Also checks that the two agree: every reference the narrowed run reports is in the full report, and every
// reference of the full report in a changed file is in the narrowed one.
//   node bench/changed.mjs [--runs N] [--files N] [--seed N]
import { execFileSync, spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { benchOptions, isMain, median, prepareCorpus, retableBin } from './lib.mjs';

const GIT_ENV = { GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'b@b' };

function git(dir, ...args) {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8', env: { ...process.env, ...GIT_ENV }, maxBuffer: 1 << 28 });
}

/** GNU time, when installed, for the CPU time (user + sys): steadier than wall time on a shared machine. */
const gnuTime = spawnSync('/usr/bin/time', ['-f', '%U', 'true']).status === 0 ? '/usr/bin/time' : undefined;

function verify(dir, args) {
  // Outside the repository: an untracked file there would be a change.
  const cpuFile = `${dir}.cpu`;
  const command = [process.execPath, retableBin, 'verify', '--format', 'json', ...args];
  const started = process.hrtime.bigint();
  const result = gnuTime
    ? spawnSync(gnuTime, ['-f', '%U %S', '-o', cpuFile, ...command], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: '1' } })
    : spawnSync(command[0], command.slice(1), { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 30, env: { ...process.env, NO_COLOR: '1' } });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (result.status !== 0 && result.status !== 1) throw new Error(`verify ${args.join(' ')} exited with ${result.status}: ${result.stderr.trim()}`);
  const cpu = gnuTime ? readFileSync(cpuFile, 'utf8').trim().split(/\s+/).slice(-2).map(Number).reduce((a, b) => a + b, 0) : Number.NaN;
  return { seconds, cpu, report: JSON.parse(result.stdout) };
}

const key = (r) => `${r.file}:${r.line}:${r.column}:${r.table}:${r.status}`;

/** Pull-request shapes: the files changed, and what is appended to each. */
function scenarios(dir) {
  const pick = (pattern) => git(dir, 'ls-files', pattern).split('\n').filter(Boolean).sort();
  const query = pick('src/features/*/api/*-queries.ts')[0];
  const component = pick('src/features/*/components/*.tsx')[0];
  const util = pick('src/features/*/utils/*.ts')[0];
  return [
    {
      title: '3 files (a query module with a new old reference, a component, a util)',
      edits: [
        [query, "\nexport const touched = () => supabase.from('leads').select('id');\n"],
        [component, '\nexport const touched = 1;\n'],
        [util, '\nexport const touched = 1;\n'],
      ],
    },
    { title: 'the table-name constants (src/lib/tables.ts, imported by the query modules)', edits: [['src/lib/tables.ts', "\nexport const EXTRA = 'leads';\n"]] },
    {
      title: 'a wider change: 30 files across the features',
      edits: pick('src/features/*').filter((_, i) => i % 333 === 7).map((file) => [file, '\nexport const touched = 1;\n']),
    },
  ];
}

export async function benchChanged(options = benchOptions()) {
  const corpus = await prepareCorpus(options);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'retable-bench-changed-'));
  try {
    cpSync(corpus, dir, { recursive: true });
    git(dir, 'init', '-q', '-b', 'main');
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', 'corpus');
    for (const scenario of scenarios(dir)) {
      git(dir, 'checkout', '-q', '-B', 'feature', 'main');
      for (const [file, text] of scenario.edits) appendFileSync(path.join(dir, file), text);
      git(dir, 'commit', '-q', '-am', 'change');
      const full = [];
      const narrowed = [];
      const fullCpu = [];
      const narrowedCpu = [];
      let fullReport;
      let changedReport;
      // Alternating, so a load change on the machine hits both alike.
      for (let i = 0; i < options.runs; i++) {
        const a = verify(dir, []);
        const b = verify(dir, ['--changed', 'main']);
        full.push(a.seconds);
        narrowed.push(b.seconds);
        fullCpu.push(a.cpu);
        narrowedCpu.push(b.cpu);
        fullReport = a.report;
        changedReport = b.report;
      }
      const all = new Set(fullReport.references.map(key));
      const changedFiles = new Set(scenario.edits.map(([file]) => file));
      const mine = new Set(changedReport.references.map(key));
      const extra = changedReport.references.filter((r) => !all.has(key(r)));
      const missed = fullReport.references.filter((r) => changedFiles.has(r.file) && !mine.has(key(r)));
      const scope = changedReport.changed;
      console.log(`\nverify --changed: ${scenario.title} (median of ${options.runs} runs each, alternating)`);
      console.log(`  checked ${scope.checked} of ${scope.of} files; ${changedReport.references.length} references (${changedReport.totalOld} old)`);
      console.log(`  full verify        ${median(full).toFixed(3)} s   [${full.map((s) => s.toFixed(3)).join(' ')}]`);
      console.log(`  verify --changed   ${median(narrowed).toFixed(3)} s   [${narrowed.map((s) => s.toFixed(3)).join(' ')}]`);
      console.log(`  speed-up: ${(median(full) / median(narrowed)).toFixed(1)}× wall`);
      console.log(`  CPU (user + sys): full ${median(fullCpu).toFixed(2)} s, --changed ${median(narrowedCpu).toFixed(2)} s: ${(median(fullCpu) / median(narrowedCpu)).toFixed(1)}×`);
      console.log(`  agreement with the full report: ${extra.length === 0 && missed.length === 0 ? 'yes' : `NO (${extra.length} extra, ${missed.length} missed)`}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(`${dir}.cpu`, { force: true });
  }
}

if (isMain(import.meta.url)) await benchChanged();
