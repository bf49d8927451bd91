import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRenameMap, findReferences, listSourceFiles, parseConfig, ts, type Reference } from '@retable/core';
import { parseSource, runCodemod, syntaxProblems, type CodemodResult } from '../src/index.js';

// A seeded fuzz of the whole write path: 1,000 generated files mixing every form the finder knows
// with look-alikes, CRLF and BOM, quotes and escapes. After --write: no new parse error, no token
// other than a string literal changed, a second run changes nothing, and no old reference is left
// unless the first run reported it (dynamic, review, or a file left unchanged).
const FILES = 1_000;
const renames = { orders: 'sales_orders', customers: 'crm_customers', profiles: 'user_profiles' };
const map = createRenameMap(renames);
const { config } = parseConfig({ renames });
const OLD = Object.keys(renames);

let seed = 20_261_201;
const random = () => {
  // mulberry32: the same files on every run.
  seed = (seed + 0x6d2b79f5) | 0;
  let t = seed;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

function quote(text: string): string {
  const q = pick(["'", '"', '`']);
  return `${q}${text}${q}`;
}

/** One line of code: a table form, a look-alike, or plain code. */
function statement(i: number): string {
  const t = pick(OLD);
  const u = pick(OLD);
  const forms = [
    () => `await db.from(${quote(t)}).select('*');`,
    () => `await db.schema('public').from(${quote(t)}).select('id');`,
    () => `await db.from('${t}').select('id, ${u}(name)');`,
    () => `await db.from('${t}').select(\`id, buyer:${u}!fk_${i}(name)\`);`,
    () => `await db.from("${t}").select("id, ...${u}(name)");`,
    () => `db.channel('c${i}').on('postgres_changes', { event: '*', schema: 'public', table: '${t}' }, () => {});`,
    () => `type R${i} = Tables<'${t}'>;`,
    () => `type S${i} = Database['public']['Tables']['${t}']['Row'];`,
    () => `const T${i} = '${t}';\nawait db.from(T${i}).select();`,
    () => `await db.from(name${i % 3}).select();`,
    () => `// retable-ignore-next-line\nawait db.from('${t}');`,
    // escapes: the value is a table name, the source text is not
    () => `await db.from('${t.slice(0, 2)}\\x${t.charCodeAt(2).toString(16)}${t.slice(3)}');`,
    () => `await db.from('${t}\\u0073');`,
    // look-alikes
    () => `const xs${i} = Array.from('${t}');`,
    () => `await supabase.storage.from('${t}').upload('a', b);`,
    () => `await db.rpc('${t}', {});`,
    () => `const label${i} = 'Your ${t}'; // ${t}`,
    () => `const route${i} = '/${t}/' + id;`,
    () => `const keys${i} = { ${t}: 1, '${u}': 2 };`,
    () => `/* ${t} */ const n${i} = ${i};`,
    () => `const q${i} = "it's ${t}";`,
    () => `const s${i} = '${t}_archive';`,
  ];
  return pick(forms)();
}

function sourceFile(i: number): { name: string; text: string } {
  const lines = ["import { db, supabase } from './db';", 'declare const name0: string, name1: string, name2: string, b: Blob, id: string;'];
  const count = 1 + Math.floor(random() * 8);
  lines.push(`export async function f${i}() {`);
  for (let n = 0; n < count; n++) lines.push(`  ${statement(i * 10 + n).replaceAll('\n', '\n  ')}`);
  lines.push('}', '');
  const eol = random() < 0.25 ? '\r\n' : '\n';
  const bom = random() < 0.1 ? '\uFEFF' : '';
  const ext = pick(['ts', 'tsx', 'js', 'mts']);
  return { name: `src/f${i}.${ext}`, text: bom + lines.join('\n').replaceAll('\n', eol) };
}

/** Every token with its kind; string-like tokens' text is left out, so only they may change. */
function tokens(file: string, text: string): string[] {
  const kind = file.endsWith('x') ? ts.LanguageVariant.JSX : ts.LanguageVariant.Standard;
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, kind, text);
  const out: string[] = [];
  const strings = new Set([
    ts.SyntaxKind.StringLiteral,
    ts.SyntaxKind.NoSubstitutionTemplateLiteral,
    ts.SyntaxKind.TemplateHead,
    ts.SyntaxKind.TemplateMiddle,
    ts.SyntaxKind.TemplateTail,
  ]);
  for (let token = scanner.scan(); token !== ts.SyntaxKind.EndOfFileToken; token = scanner.scan()) {
    // `}` that continues a template: rescan so template parts come out as template tokens.
    if (token === ts.SyntaxKind.CloseBraceToken && out.at(-1)?.startsWith('template')) token = scanner.reScanTemplateToken(false);
    out.push(strings.has(token) ? `template-or-string ${token}` : `${token} ${scanner.getTokenText()}`);
  }
  return out;
}

let root: string;
const originals = new Map<string, string>();
let first: CodemodResult;

beforeAll(async () => {
  root = await mkdtemp(path.join(os.tmpdir(), 'retable-fuzz-'));
  await mkdir(path.join(root, 'src'));
  await writeFile(path.join(root, 'src/db.ts'), 'export declare const db: any, supabase: any;\n');
  for (let i = 0; i < FILES; i++) {
    const { name, text } = sourceFile(i);
    originals.set(name, text);
    await writeFile(path.join(root, name), text);
  }
  first = await runCodemod({ root, config, map, write: true });
}, 120_000);

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe(`fuzz: codemod --write on ${FILES} generated files`, () => {
  it('writes, and refuses nothing', () => {
    expect(first.problems).toEqual([]);
    expect(first.written.length).toBeGreaterThan(FILES / 2);
    expect(first.rewritten).toBeGreaterThan(FILES);
  });

  it('adds no parse error and changes no token but string literals', async () => {
    let gained = 0;
    let changedTokens = 0;
    for (const [file, before] of originals) {
      const after = await readFile(path.join(root, file), 'utf8');
      const errorsBefore = syntaxProblems(parseSource(file, before)).length;
      const errorsAfter = syntaxProblems(parseSource(file, after)).length;
      if (errorsAfter > errorsBefore) gained++;
      const a = tokens(file, before);
      const b = tokens(file, after);
      if (a.length !== b.length || a.some((token, index) => token !== b[index])) changedTokens++;
      // CRLF and BOM kept.
      expect(after.startsWith('\uFEFF')).toBe(before.startsWith('\uFEFF'));
      expect(after.includes('\r\n')).toBe(before.includes('\r\n'));
    }
    expect({ gained, changedTokens }).toEqual({ gained: 0, changedTokens: 0 });
  });

  it('a second run changes nothing', async () => {
    const second = await runCodemod({ root, config, map });
    expect(second.plan.files).toEqual([]);
    expect(second.problems).toEqual([]);
  });

  it('leaves no old reference that the first run did not report', async () => {
    const files = await listSourceFiles({ root, config });
    const found = await findReferences({ root, map, files });
    const old = found.references.filter((r) => r.status === 'old' && !r.ignored);
    const reported = new Set([...first.dynamic, ...first.review].map((r: Reference) => `${r.file}:${r.line}:${r.column}`));
    const silent = old.filter((r) => !reported.has(`${r.file}:${r.line}:${r.column}`));
    expect(silent).toEqual([]);
    // And what was left is exactly what verify counts as old: the ones the first run reported.
    expect(old.length).toBe(first.review.filter((r) => r.status === 'old').length);
  });
});
