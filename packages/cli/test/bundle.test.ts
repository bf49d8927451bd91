import { readFile, readdir } from 'node:fs/promises';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
// Plain ESM scripts: the bundle build and the `oxfmt` stand-in it inlines.
import { BUNDLE_DIR, importedSpecifiers, oxfmtBindingLoader } from '../../../scripts/bundle.mjs';
import { formatWith } from '../../../scripts/bundle/oxfmt-format.mjs';
import { repoRoot } from '../../../scripts/local-registry.mjs';

type Format = (fileName: string, text: string, options?: object) => Promise<{ code: string; errors: unknown[] }>;

const typegenRequire = createRequire(path.join(repoRoot, 'packages/typegen/package.json'));
const oxfmt = (await import(pathToFileURL(typegenRequire.resolve('oxfmt')).href)) as { format: Format };
const bundled = formatWith(async () => (await import(pathToFileURL(oxfmtBindingLoader().file).href)).t) as Format;
/** The options postgrest-typegen formats with. */
const OPTIONS = { semi: false, printWidth: 80 };

describe("the bundle's oxfmt: format() on oxfmt's native binding alone", () => {
  it('formats generated types byte for byte as the oxfmt package does', async () => {
    const generated = await readFile(path.join(repoRoot, 'examples/crm/src/types/database.types.ts'), 'utf8');
    // As written, and flattened (every indent and line break inside objects to redo).
    for (const text of [generated, generated.replace(/^ +/gm, '').replace(/\{\n/g, '{ ')]) {
      const expected = await oxfmt.format('output.ts', text, OPTIONS);
      expect(expected.errors).toEqual([]);
      expect(await bundled('output.ts', text, OPTIONS)).toEqual(expected);
    }
  });

  it('fails on a language embedded in the code, which the oxfmt package formats with Prettier', async () => {
    // oxfmt formats CSS and GraphQL natively; HTML and Markdown go through Prettier.
    const text = 'export const page = html`<div><p>x</p></div>`\n';
    expect((await oxfmt.format('a.ts', text, OPTIONS)).code).toBe('export const page = html`<div><p>x</p></div>`\n');
    await expect(bundled('a.ts', text, OPTIONS)).rejects.toThrow(
      "retable's formatter formats plain TypeScript only; oxfmt asked for an embedded document in a.ts",
    );
  });

  it('reports syntax errors as oxfmt does', async () => {
    const result = await bundled('a.ts', 'export const = 1\n', OPTIONS);
    expect(result.errors.length).toBeGreaterThan(0);
    expect(result).toEqual(await oxfmt.format('a.ts', 'export const = 1\n', OPTIONS));
  });
});

describe('the published bundles (pnpm build)', () => {
  it.each([
    ['cli', 'retable'],
    ['eslint-plugin', 'eslint-plugin-retable'],
  ])('packages/%s imports only Node, its dependencies and its peers', async (dir, name) => {
    const pkgDir = path.join(repoRoot, 'packages', dir);
    const manifest = JSON.parse(await readFile(path.join(pkgDir, 'package.json'), 'utf8'));
    expect(manifest.name).toBe(name);
    expect(Object.values(manifest.dependencies ?? {}).every((range) => /^\d+\.\d+\.\d+$/.test(range as string))).toBe(true);
    const declared = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {}), ...Object.keys(manifest.optionalDependencies ?? {})]);
    const found = new Set<string>();
    for (const file of await readdir(path.join(pkgDir, BUNDLE_DIR))) {
      if (!file.endsWith('.js')) continue;
      const code = await readFile(path.join(pkgDir, BUNDLE_DIR, file), 'utf8');
      expect(code).not.toContain('sourceMappingURL');
      for (const specifier of importedSpecifiers(code) as string[]) {
        const pkg = specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!;
        if (!specifier.startsWith('node:') && !builtinModules.includes(pkg)) found.add(pkg);
      }
    }
    const foreign = [...found].filter(
      // oxfmt's loader also tries bindings oxfmt does not publish; pg requires its optional drivers on demand.
      (pkg) => !declared.has(pkg) && !pkg.startsWith('@oxfmt/binding-') && !['pg-native', 'pg-cloudflare'].includes(pkg),
    );
    expect(foreign).toEqual([]);
    expect([...found].some((pkg) => pkg.startsWith('@retable/'))).toBe(false);
  });
});
