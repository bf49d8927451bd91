#!/usr/bin/env node
// `retable typegen` on the example app (examples/crm after the expand phase), whole-process wall
// time, median of --runs: against a live database next to postgres-meta 0.99.0 in CLI mode (what
// `supabase gen types` runs in Docker), and from the migrations on PostgreSQL and on PGlite (cold,
// then with the cached snapshot of the bootstrapped database).
//   node bench/typegen.mjs [--runs N]      (after `npx tsc -b`)
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { benchOptions, median, repo, retableBin, runOnce, time } from './lib.mjs';

const example = path.join(repo, 'examples/crm');
const load = (pkg) => import(pathToFileURL(path.join(repo, `packages/${pkg}/dist/index.js`)).href);

function line(label, result, target) {
  const runs = result.seconds.map((s) => s.toFixed(2)).join(', ');
  console.log(`${label.padEnd(44)} ${result.median.toFixed(2)} s${target ? ` (target ≤ ${target} s)` : ''}   runs: ${runs}`);
}

/** Run with extra environment variables (lib.mjs passes process.env through). */
function withEnv(env, fn) {
  const saved = {};
  for (const [key, value] of Object.entries(env)) {
    saved[key] = process.env[key];
    process.env[key] = value;
  }
  try {
    return fn();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
}

export async function benchTypegen(options) {
  const [{ startPostgres, SUPABASE_BOOTSTRAP_SQL, applyMigrations }, { loadConfig }, { planFromDatabase }] = await Promise.all([
    load('db'),
    load('core'),
    load('plan'),
  ]);
  const cache = await mkdtemp(path.join(os.tmpdir(), 'retable-bench-typegen-'));
  const server = await startPostgres();
  try {
    await server.createDatabase('crm');
    const client = await server.connect('crm');
    await client.exec(SUPABASE_BOOTSTRAP_SQL);
    await applyMigrations(client, path.join(example, 'supabase/migrations'));
    const { map } = await loadConfig({ cwd: example });
    await client.exec((await planFromDatabase(client, map)).files.expand);
    await client.close();
    const url = server.url('crm');
    const node = process.execPath;
    console.log(`examples/crm after expand: ${map.renames.size} tables renamed, ${map.renames.size} compatibility views; ${options.runs} runs each`);

    const dbUrl = ['typegen', '--cwd', example, '--db-url', url];
    const ours = runOnce(node, [retableBin, ...dbUrl], repo, [0]).stdout;
    line('retable typegen --db-url', time(node, [retableBin, ...dbUrl], repo, [0], options.runs), 1);

    const require = createRequire(path.join(repo, 'packages/typegen/package.json'));
    let oracle;
    try {
      oracle = require.resolve('@supabase/postgres-meta/dist/server/server.js');
    } catch {
      console.log('postgres-meta CLI mode: not installed (devDependency of packages/typegen)');
    }
    if (oracle) {
      const env = {
        PG_META_DB_URL: url,
        PG_META_GENERATE_TYPES: 'typescript',
        PG_META_GENERATE_TYPES_INCLUDED_SCHEMAS: 'public',
        PG_META_GENERATE_TYPES_DETECT_ONE_TO_ONE_RELATIONSHIPS: 'true',
      };
      withEnv(env, () => {
        const theirs = runOnce(node, [oracle], repo, [0]).stdout;
        const none = runOnce(node, [retableBin, ...dbUrl, '--drop-views', 'none'], repo, [0]).stdout;
        console.log(`  same text as postgres-meta with --drop-views none: ${theirs === none ? 'yes' : 'NO'}; legacy views left out: ${none.length - ours.length} bytes`);
        line('postgres-meta 0.99.0 CLI mode (oracle)', time(node, [oracle], repo, [0], options.runs));
      });
    }

    const migrations = ['typegen', '--cwd', example];
    line('retable typegen --engine postgres', time(node, [retableBin, ...migrations, '--engine', 'postgres'], repo, [0], options.runs), 3);
    withEnv({ RETABLE_CACHE_DIR: path.join(cache, 'warm') }, () => {
      runOnce(node, [retableBin, ...migrations], repo, [0]); // writes the snapshot
      line('retable typegen (PGlite, snapshot cached)', time(node, [retableBin, ...migrations], repo, [0], options.runs), 1.5);
    });
    const cold = { median: 0, seconds: [] };
    for (let i = 0; i < Math.min(options.runs, 3); i++) {
      withEnv({ RETABLE_CACHE_DIR: path.join(cache, `cold-${i}`) }, () => {
        cold.seconds.push(...time(node, [retableBin, ...migrations], repo, [0], 1).seconds);
      });
    }
    cold.median = median(cold.seconds);
    line('retable typegen (PGlite, first run)', cold, 4);
    console.log(`load average: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.availableParallelism()} CPUs`);
  } finally {
    await server.stop();
    await rm(cache, { recursive: true, force: true });
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await benchTypegen(benchOptions());
}
