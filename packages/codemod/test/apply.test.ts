import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile, lstat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { applyPlan, planEdits, type EditPlan } from '../src/index.js';
import { referenceAt } from './helpers.js';

let root: string;
beforeEach(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'retable-apply-'));
  await mkdir(path.join(root, 'src'));
});
afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function project(files: Record<string, string>): Promise<void> {
  for (const [file, text] of Object.entries(files)) await writeFile(path.join(root, file), text);
}

function plan(files: Record<string, string>): EditPlan {
  const refs = Object.entries(files).map(([file, text]) => referenceAt(file, text, 'orders', 'sales_orders'));
  const result = planEdits(refs, new Map(Object.entries(files)));
  expect(result.problems).toEqual([]);
  return result;
}

describe('applyPlan', () => {
  it('writes the new text, keeps the mode and leaves no temp file behind', async () => {
    const files = { 'src/a.ts': "db.from('orders')\n", 'src/b.mjs': "#!/usr/bin/env node\ndb.from('orders')\n" };
    await project(files);
    await chmod(path.join(root, 'src/a.ts'), 0o640);
    await chmod(path.join(root, 'src/b.mjs'), 0o755);
    const result = await applyPlan(root, plan(files));
    expect(result).toEqual({ written: ['src/a.ts', 'src/b.mjs'], problems: [] });
    expect(await readFile(path.join(root, 'src/a.ts'), 'utf8')).toBe("db.from('sales_orders')\n");
    expect(await readFile(path.join(root, 'src/b.mjs'), 'utf8')).toBe("#!/usr/bin/env node\ndb.from('sales_orders')\n");
    expect((await stat(path.join(root, 'src/a.ts'))).mode & 0o7777).toBe(0o640);
    expect((await stat(path.join(root, 'src/b.mjs'))).mode & 0o7777).toBe(0o755);
    expect((await readdir(path.join(root, 'src'))).sort()).toEqual(['a.ts', 'b.mjs']);
  });

  it('refuses a plan that would add a syntax error, and still writes the other files', async () => {
    const files = { 'src/a.ts': "db.from('orders')\n", 'src/b.ts': "db.from('orders')\n" };
    await project(files);
    const good = plan(files);
    // A hand-made plan whose new text unbalances the quotes: planEdits would never produce it.
    const broken: EditPlan = {
      files: good.files.map((f) => (f.file === 'src/a.ts' ? { ...f, text: "db.from('sales_orders)\n" } : f)),
      problems: [],
    };
    const result = await applyPlan(root, broken);
    expect(result.written).toEqual(['src/b.ts']);
    expect(result.problems).toEqual([
      { file: 'src/a.ts', line: 1, column: 23, message: 'the edits would add a syntax error (Unterminated string literal.); left unchanged' },
    ]);
    expect(await readFile(path.join(root, 'src/a.ts'), 'utf8')).toBe(files['src/a.ts']);
    expect(await readFile(path.join(root, 'src/b.ts'), 'utf8')).toBe("db.from('sales_orders')\n");
  });

  it('refuses a file that changed since it was planned', async () => {
    const files = { 'src/a.ts': "db.from('orders')\n" };
    await project(files);
    const planned = plan(files);
    await writeFile(path.join(root, 'src/a.ts'), "db.from('orders') // edited meanwhile\n");
    const result = await applyPlan(root, planned);
    expect(result.written).toEqual([]);
    expect(result.problems).toEqual([
      { file: 'src/a.ts', line: 1, column: 10, message: 'changed since it was read; left unchanged, run the codemod again' },
    ]);
    expect(await readFile(path.join(root, 'src/a.ts'), 'utf8')).toBe("db.from('orders') // edited meanwhile\n");
  });

  it('reports a file that cannot be written and writes the others', async () => {
    const files = { 'src/a.ts': "db.from('orders')\n", 'src/b.ts': "db.from('orders')\n" };
    await project(files);
    const planned = plan(files);
    await rm(path.join(root, 'src/a.ts'));
    const result = await applyPlan(root, planned);
    expect(result.written).toEqual(['src/b.ts']);
    expect(result.problems).toEqual([{ file: 'src/a.ts', line: 1, column: 10, message: 'could not be written (ENOENT); left unchanged' }]);
  });

  it('refuses a plan entry outside the root', async () => {
    const outside = path.join(path.dirname(root), `${path.basename(root)}-outside.ts`);
    await writeFile(outside, "db.from('orders')\n");
    try {
      const planned = plan({ [`../${path.basename(outside)}`]: "db.from('orders')\n" });
      const result = await applyPlan(root, planned);
      expect(result.written).toEqual([]);
      expect(result.problems.map((p) => p.message)).toEqual(['is outside the project root; left unchanged']);
      expect(await readFile(outside, 'utf8')).toBe("db.from('orders')\n");
    } finally {
      await rm(outside, { force: true });
    }
  });

  it('writes through a symlink and keeps the link', async () => {
    await mkdir(path.join(root, 'shared'));
    await writeFile(path.join(root, 'shared/real.ts'), "db.from('orders')\n");
    await symlink('../shared/real.ts', path.join(root, 'src/link.ts'));
    const result = await applyPlan(root, plan({ 'src/link.ts': "db.from('orders')\n" }));
    expect(result.written).toEqual(['src/link.ts']);
    expect((await lstat(path.join(root, 'src/link.ts'))).isSymbolicLink()).toBe(true);
    expect(await readFile(path.join(root, 'shared/real.ts'), 'utf8')).toBe("db.from('sales_orders')\n");
  });
});
