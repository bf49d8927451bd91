import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { copyFile, cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '@retable/core';
import { afterAll, describe, expect, it } from 'vitest';
import { renderDiff, runCodemod } from '../src/index.js';

/**
 * One test per fixture project under fixtures/<case>/: input/ (the app), expected/ (the app after
 * `--write`), retable.config.json and, when the case expects findings, report.json
 * ({ problems, dynamic, review }: "file:line" lists). Every run happens on a temp copy.
 */
const fixturesDir = fileURLToPath(new URL('./fixtures/', import.meta.url));
const cases = readdirSync(fixturesDir, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => entry.name)
  .sort();

const temps: string[] = [];
afterAll(async () => {
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Every file under `dir` (dot files included), posix path → bytes. */
async function tree(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = path.join(entry.parentPath, entry.name);
    files.set(path.relative(dir, full).split(path.sep).join('/'), await readFile(full));
  }
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** Trees as path → text, so a failure shows the differing file's text. Equality is byte for byte. */
function asText(files: Map<string, Buffer>): Record<string, string> {
  return Object.fromEntries([...files].map(([file, bytes]) => [file, bytes.toString('latin1')]));
}

async function copyProject(name: string): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `retable-fixture-${name}-`));
  temps.push(dir);
  await cp(path.join(fixturesDir, name, 'input'), dir, { recursive: true });
  await copyFile(path.join(fixturesDir, name, 'retable.config.json'), path.join(dir, 'retable.config.json'));
  return dir;
}

const at = (r: { file: string; line: number }) => `${r.file}:${r.line}`;

describe('codemod fixtures', () => {
  it('has fixtures', () => {
    expect(cases.length).toBeGreaterThan(20);
  });

  it.each(cases)('%s', async (name) => {
    const caseDir = path.join(fixturesDir, name);
    const reportFile = path.join(caseDir, 'report.json');
    const report = existsSync(reportFile)
      ? (JSON.parse(await readFile(reportFile, 'utf8')) as { problems?: string[]; dynamic?: string[]; review?: string[] })
      : {};
    const config = await readFile(path.join(caseDir, 'retable.config.json'));
    const input = await tree(path.join(caseDir, 'input'));
    const expected = await tree(path.join(caseDir, 'expected'));
    input.set('retable.config.json', config);
    expected.set('retable.config.json', config);
    const changed = [...expected.keys()].filter((file) => !expected.get(file)!.equals(input.get(file) ?? Buffer.alloc(0))).sort();

    // Dry run: nothing written; the diff, applied with git to another copy, gives the expected tree.
    const root = await copyProject(name);
    const loaded = await loadConfig({ cwd: root });
    const dry = await runCodemod({ ...loaded, write: false });
    expect(asText(await tree(root))).toEqual(asText(input));
    expect(dry.plan.files.map((f) => f.file)).toEqual(changed);
    const patched = await copyProject(name);
    const diff = renderDiff(dry.plan);
    if (diff !== '') {
      await writeFile(path.join(os.tmpdir(), `${path.basename(patched)}.patch`), diff);
      execFileSync('git', ['apply', path.join(os.tmpdir(), `${path.basename(patched)}.patch`)], { cwd: patched, stdio: 'pipe' });
      await rm(path.join(os.tmpdir(), `${path.basename(patched)}.patch`));
    }
    expect(asText(await tree(patched))).toEqual(asText(expected));

    // --write: the expected tree, byte for byte, and the findings the case lists.
    const written = await runCodemod({ ...loaded, write: true });
    expect(asText(await tree(root))).toEqual(asText(expected));
    expect(written.written).toEqual(changed);
    expect(written.problems.map(at)).toEqual(report.problems ?? []);
    expect(written.dynamic.map(at)).toEqual(report.dynamic ?? []);
    expect(written.review.map(at)).toEqual(report.review ?? []);

    // A second run changes nothing.
    const again = await runCodemod({ ...loaded, write: true });
    expect(again.plan.files).toEqual([]);
    expect(again.written).toEqual([]);
    expect(asText(await tree(root))).toEqual(asText(expected));
  });
});
