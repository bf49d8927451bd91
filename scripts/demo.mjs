#!/usr/bin/env node
// `pnpm demo`: retable on the example app (examples/crm), end to end, on a temporary copy.
//
// The demo is a list of titled steps run in order against one working copy; each step prints a
// heading and then whatever the real `retable` binary prints. Add a step by appending to `steps`.
// The working copy is deleted at the end, also when a step fails.
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { cp, mkdtemp, readFile, rm, symlink } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { styleText } from 'node:util';

const repo = fileURLToPath(new URL('../', import.meta.url));
const example = path.join(repo, 'examples/crm');
const bin = path.join(repo, 'packages/cli/bin/retable.js');
const color = process.stdout.isTTY === true && !process.env.NO_COLOR;

/**
 * @typedef {object} DemoContext
 * @property {string} repo     the retable checkout
 * @property {string} app      the working copy of the example app
 * @property {(args: string[], expected?: number[]) => Promise<number>} retable
 *   runs `retable <args> --cwd <app>`, its output going straight to the terminal; rejects when the
 *   exit code is not one of `expected` (default: 0)
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
    title: 'retable codemod: the diff of every code reference to a renamed table (dry run)',
    async run(context) {
      await context.retable(['codemod']);
    },
  },
];

function heading(index, title) {
  const text = `${index + 1}/${steps.length}  ${title}`;
  return color ? styleText('bold', text) : `== ${text}`;
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

function runRetable(app, args, expected = [0]) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [bin, ...args, '--cwd', app], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== null && expected.includes(code)) resolve(code);
      else reject(new Error(`retable ${args.join(' ')} exited with ${code ?? 'a signal'}`));
    });
  });
}

const app = await copyExample();
process.once('SIGINT', () => {
  rmSync(app, { recursive: true, force: true });
  process.exit(130);
});
try {
  const context = { repo, app, retable: (args, expected) => runRetable(app, args, expected) };
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
