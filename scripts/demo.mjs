#!/usr/bin/env node
// `pnpm demo`: retable on the example app (examples/crm), end to end, on a temporary copy and an
// embedded PGlite database: nothing to install, nothing to start by hand.
//
// The demo is a list of titled steps run in order against one working copy; each step prints a
// heading and then whatever the real `retable` binary prints. Add a step by appending to `steps`.
// The working copy (database included) is deleted at the end, also when a step fails.
import { spawn } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { copyFile, cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { styleText } from 'node:util';

const repo = fileURLToPath(new URL('../', import.meta.url));
const example = path.join(repo, 'examples/crm');
const bin = path.join(repo, 'packages/cli/bin/retable.js');
const tsc = path.join(repo, 'node_modules/typescript/bin/tsc');
const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
/** The rename migration, once `retable plan` wrote it, joins the app's migrations under this name. */
const RENAME_MIGRATION = '20240401000000_rename_tables.sql';
const CONTRACT_MIGRATION = '20240402000000_drop_compat_views.sql';

/**
 * @typedef {object} DemoContext
 * @property {string} app       the working copy of the example app
 * @property {string} database  its embedded database (a PGlite data directory inside the copy)
 * @property {string} dbUrl     `pglite:<database>`, for the commands that read a database
 * @property {(args: string[], expected?: number[]) => Promise<number>} retable
 *   runs `retable <args> --cwd <app>`, its output going straight to the terminal; rejects when the
 *   exit code is not one of `expected` (default: 0)
 * @property {(args: string[], expected?: number[]) => Promise<string>} retableOutput
 *   the same, returning stdout instead of printing it
 * @property {(files: string[]) => Promise<void>} applySql
 *   applies SQL files (paths relative to the app) to the embedded database
 * @property {(file: string, migration: string) => Promise<void>} applyAndKeep
 *   applies one SQL file and keeps a copy as `supabase/migrations/<migration>`
 */

/** @type {{ title: string, run: (context: DemoContext) => Promise<void> }[]} */
const steps = [
  {
    title: 'The example app: a Supabase CRM with legacy table names',
    async run(context) {
      console.log(`Working copy: ${context.app}`);
      const config = JSON.parse(await readFile(path.join(context.app, 'retable.config.json'), 'utf8'));
      const renames = Object.entries(config.renames);
      const width = Math.max(...renames.map(([from]) => from.length));
      console.log(`retable.config.json renames ${renames.length} tables:`);
      for (const [from, to] of renames) console.log(`  ${from.padEnd(width)}  →  ${to}`);
    },
  },
  {
    title: 'The database: the app’s migrations on an embedded PGlite (Supabase roles, auth, realtime)',
    async run(context) {
      const db = await loadDb();
      const files = await db.listMigrations(path.join(context.app, 'supabase/migrations'));
      await context.applySql(files.map((file) => path.relative(context.app, file)));
      for (const file of files) console.log(`  applied supabase/migrations/${path.basename(file)}`);
    },
  },
  {
    title: 'retable codemod: the diff of every code reference to a renamed table (dry run)',
    async run(context) {
      const patch = await context.retableOutput(['codemod']);
      await mkdir(path.dirname(PATCH_FILE), { recursive: true });
      await writeFile(PATCH_FILE, patch);
      console.log(summariseDiff(patch, SHOWN_HUNKS));
      console.log(`The whole diff: ${path.relative(repo, PATCH_FILE)} (git apply it in a copy of examples/crm)`);
    },
  },
  {
    title: 'retable plan: the rename migration (expand, contract, rollback), read from the database',
    async run(context) {
      await context.retable(['plan', '--db-url', context.dbUrl, '--rename-derived', '--out', 'supabase/rename']);
    },
  },
  {
    title: 'Expand: run expand.sql (tables renamed, compatibility views under the old names)',
    async run(context) {
      // Teams keep it as a migration; typegen below reads the migrations.
      await context.applyAndKeep('supabase/rename/expand.sql', RENAME_MIGRATION);
    },
  },
  {
    title: 'retable verify-db --phase expand: the DBA’s checks on the expanded database',
    async run(context) {
      await context.retable(['verify-db', '--db-url', context.dbUrl, '--phase', 'expand']);
    },
  },
  {
    title: 'retable codemod --write: the code moves to the new names',
    async run(context) {
      await context.retable(['codemod', '--write']);
    },
  },
  {
    title: 'retable typegen: database.types.ts from the migrations, without the legacy views',
    async run(context) {
      await context.retable(['typegen', '--migrations', 'supabase/migrations', '--out', 'src/types/database.types.ts']);
    },
  },
  {
    title: 'tsc --noEmit: the rewritten code typechecks against the new types',
    async run(context) {
      await run(process.execPath, [tsc, '--noEmit', '-p', context.app], [0]);
      console.log('  0 errors');
    },
  },
  {
    title: 'retable verify: no old table name left in the code',
    async run(context) {
      await context.retable(['verify']);
    },
  },
  {
    title: 'Contract: run contract.sql (the compatibility views go)',
    async run(context) {
      await context.applyAndKeep('supabase/rename/contract.sql', CONTRACT_MIGRATION);
    },
  },
  {
    title: 'retable verify-db --phase contract: no old name left in the database',
    async run(context) {
      await context.retable(['verify-db', '--db-url', context.dbUrl, '--phase', 'contract']);
    },
  },
  {
    title: 'retable typegen --check: the committed types still match once the views are gone',
    async run(context) {
      await context.retable(['typegen', '--migrations', 'supabase/migrations', '--out', 'src/types/database.types.ts', '--check']);
      console.log('  src/types/database.types.ts is current');
    },
  },
  {
    title: 'retable report: the schema by domain, from the database itself',
    async run(context) {
      await context.retable(['report', '--db-url', context.dbUrl]);
    },
  },
];

/** The dry-run diff is kept here (the working copy is deleted); `.cache/` is ignored by git. */
const PATCH_FILE = path.join(repo, '.cache/demo/renames.patch');
/** The hunks the demo shows, by a line they change: a constant, an embed, realtime, a type literal. */
const SHOWN_HUNKS = ["export const LEADS_TABLE = 'crm_leads'", 'lead_contacts:crm_lead_contacts (', "table: 'comms_messages'", "Tables<'user_profiles'>"];

/**
 * A unified diff in a few lines: each file with its counts of changed lines, then only the hunks
 * (with their file headers) that add a line containing one of `shown`.
 */
export function summariseDiff(patch, shown) {
  const files = [];
  for (const part of patch.split(/^(?=diff --git )/m).filter((p) => p.startsWith('diff --git '))) {
    const name = /^\+\+\+ b\/(.+)$/m.exec(part)?.[1] ?? '?';
    const lines = part.split('\n');
    const added = lines.filter((l) => l.startsWith('+') && !l.startsWith('+++')).length;
    const removed = lines.filter((l) => l.startsWith('-') && !l.startsWith('---')).length;
    files.push({ name, added, removed, part });
  }
  const width = Math.max(...files.map((f) => f.name.length));
  const out = [`${files.length} files change:`];
  for (const f of files) out.push(`  ${f.name.padEnd(width)}  +${f.added} -${f.removed}`);
  const hunks = [];
  for (const f of files) {
    const [header, ...parts] = f.part.split(/^(?=@@ )/m);
    for (const hunk of parts) {
      if (shown.some((text) => hunk.split('\n').some((line) => line.startsWith('+') && line.includes(text)))) hunks.push(header + hunk);
    }
  }
  out.push('', `${hunks.length} of the hunks:`, '');
  for (const hunk of hunks) out.push(hunk.trimEnd());
  return `${out.join('\n')}\n`;
}

function heading(index, title) {
  const text = `${index + 1}/${steps.length}  ${title}`;
  return color ? styleText('bold', text) : `== ${text}`;
}

/** `@retable/db` as built by `tsc -b` (`pnpm demo` builds first). */
async function loadDb() {
  return import(pathToFileURL(path.join(repo, 'packages/db/dist/index.js')).href);
}

async function copyExample() {
  const app = await mkdtemp(path.join(os.tmpdir(), 'retable-demo-'));
  // The app's own tests are not part of the app; node_modules comes from the checkout.
  await cp(example, app, {
    recursive: true,
    filter: (source) => !['test', 'node_modules'].includes(path.relative(example, source).split(path.sep)[0] ?? ''),
  });
  await symlink(path.join(repo, 'node_modules'), path.join(app, 'node_modules'), 'dir');
  return app;
}

/** stderr lines already shown: a warning the demo printed once is not printed again. */
const shownNotes = new Set();

/**
 * The child's stderr goes to the demo's stdout, in one stream with the headings (so no heading is
 * left empty when stdout is a file or a pipe), each line once.
 */
function forwardNotes(child) {
  let rest = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (text) => {
    const lines = (rest + text).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      if (shownNotes.has(line)) continue;
      shownNotes.add(line);
      process.stdout.write(`${line}\n`);
    }
  });
  child.stderr.on('end', () => {
    if (rest && !shownNotes.has(rest)) process.stdout.write(`${rest}\n`);
  });
}

/** Run a command; stdout is returned when `capture`, else printed. */
function spawnStep(command, args, expected, capture) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', capture ? 'pipe' : 'inherit', 'pipe'] });
    const chunks = [];
    child.stdout?.on('data', (chunk) => chunks.push(chunk));
    forwardNotes(child);
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== null && expected.includes(code)) resolve(capture ? Buffer.concat(chunks).toString('utf8') : code);
      else reject(new Error(`${path.basename(args[0] ?? command)} ${args.slice(1).join(' ')} exited with ${code ?? 'a signal'}`));
    });
  });
}

function runOutput(command, args, expected) {
  return spawnStep(command, args, expected, true);
}

function run(command, args, expected) {
  return spawnStep(command, args, expected, false);
}

/** A database opened per use and closed after, so the CLI can open the same data directory. */
async function applySql(database, app, files, bootstrap) {
  const db = await loadDb();
  const client = db.pgliteClient(await db.openPglite({ dataDir: database }));
  try {
    if (bootstrap) await client.exec(db.SUPABASE_BOOTSTRAP_SQL);
    await db.applySqlFiles(client, files.map((file) => path.join(app, file)), { displayPath: (file) => path.relative(app, file) });
  } finally {
    await client.close();
  }
}

for (const built of ['packages/cli/bundle/retable.js', 'packages/db/dist/index.js']) {
  if (!existsSync(path.join(repo, built))) {
    console.error(`demo: ${built} is missing; run \`pnpm demo\`, which builds first (tsc -b and the bundle)`);
    process.exit(2);
  }
}

const app = await copyExample();
process.once('SIGINT', () => {
  rmSync(app, { recursive: true, force: true });
  process.exit(130);
});
try {
  const database = path.join(app, '.pglite');
  let bootstrapped = false;
  /** @type {DemoContext} */
  const context = {
    app,
    database,
    dbUrl: `pglite:${database}`,
    retable: (args, expected = [0]) => run(process.execPath, [bin, ...args, '--cwd', app], expected),
    retableOutput: (args, expected = [0]) => runOutput(process.execPath, [bin, ...args, '--cwd', app], expected),
    async applySql(files) {
      await applySql(database, app, files, !bootstrapped);
      bootstrapped = true;
    },
    async applyAndKeep(file, migration) {
      await context.applySql([file]);
      await copyFile(path.join(app, file), path.join(app, 'supabase/migrations', migration));
      console.log(`  applied ${file}, kept as supabase/migrations/${migration}`);
    },
  };
  for (const [index, step] of steps.entries()) {
    console.log(`\n${heading(index, step.title)}\n`);
    await step.run(context);
  }
  console.log(`\nDone. The working copy ${app} is removed; your checkout is unchanged.`);
} catch (error) {
  console.error(`demo: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await rm(app, { recursive: true, force: true });
}
