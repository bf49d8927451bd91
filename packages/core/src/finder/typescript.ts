import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import type * as TypeScript from 'typescript';
import { RetableError } from '../errors.js';

/**
 * The TypeScript compiler API, loaded for speed: compiling its 9 MB bundle is most of a finder run's
 * fixed cost. Two measured savings (Node 20, 2 cores):
 * - require() instead of an ESM `import`, which makes Node scan the bundle for named exports first
 *   (~0.35 s against ~0.7 s);
 * - a V8 code cache of the compiled bundle in the user's cache directory ($XDG_CACHE_HOME or
 *   ~/.cache, `retable/`; another ~0.1-0.2 s per run), keyed by TypeScript, Node and V8 versions;
 *   V8 rejects stale or damaged data itself. `RETABLE_NO_CACHE=1` turns it off; any problem with the
 *   cache falls back to a plain require().
 * The loaded module is registered in require's cache, so later `require('typescript')` calls share it.
 */
/** The TypeScript majors whose compiler API the finder is tested with (the peer dependency range). */
export const SUPPORTED_TYPESCRIPT = [5, 6] as const;

const require = createRequire(import.meta.url);
checkTypeScript();
const loaded = load();
const ts = loaded.ts;

/**
 * retable uses the app's own TypeScript (a peer dependency). Without one, or with one that has no
 * JavaScript API (7.x is the native compiler) or predates 5.0, say so in one line.
 */
function checkTypeScript(): void {
  let version: string;
  try {
    version = (require('typescript/package.json') as { version: string }).version;
  } catch {
    throw new RetableError(
      'TypeScript is not installed: retable reads code with the app\'s own TypeScript 5.x or 6.x; add it with npm i -D typescript (or pnpm add -D typescript)',
    );
  }
  const major = Number(version.split('.')[0]);
  if (!SUPPORTED_TYPESCRIPT.includes(major as 5 | 6)) {
    const why = major >= 7 ? 'has no JavaScript compiler API' : 'is too old';
    throw new RetableError(
      `TypeScript ${version} ${why}; retable needs TypeScript 5.x or 6.x next to it: npm i -D typescript@${SUPPORTED_TYPESCRIPT.at(-1)}`,
    );
  }
}

function load(): { ts: typeof TypeScript; script?: vm.Script; cacheFile?: string; fresh: boolean } {
  const filename = require.resolve('typescript');
  if (process.env.RETABLE_NO_CACHE || require.cache[filename]) {
    return { ts: require('typescript') as typeof TypeScript, fresh: false };
  }
  try {
    const version = (require('typescript/package.json') as { version: string }).version;
    const home = os.homedir();
    const base = process.env.XDG_CACHE_HOME || (home ? path.join(home, '.cache') : undefined);
    if (!base) return { ts: require('typescript') as typeof TypeScript, fresh: false };
    const dir = path.join(base, 'retable');
    const cacheFile = path.join(dir, `typescript-${version}-node${process.versions.node}-v8${process.versions.v8}-${process.arch}.bin`);
    let cachedData: Buffer | undefined;
    try {
      cachedData = readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
    const source = readFileSync(filename, 'utf8');
    const script = new vm.Script(Module.wrap(source), { filename, ...(cachedData ? { cachedData } : {}) });
    const wrapper = script.runInThisContext() as (...args: unknown[]) => void;
    const module = new Module(filename);
    module.filename = filename;
    module.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(path.dirname(filename));
    wrapper.call(module.exports, module.exports, createRequire(filename), module, filename, path.dirname(filename));
    module.loaded = true;
    require.cache[filename] = module;
    const fresh = !cachedData || script.cachedDataRejected === true;
    return { ts: module.exports as typeof TypeScript, script, cacheFile, fresh };
  } catch {
    return { ts: require('typescript') as typeof TypeScript, fresh: false };
  }
}

/**
 * Write the code cache once, after a run: by then V8 has compiled the functions the finder used, so
 * the next run starts with them too. Best effort; written atomically (temp file + rename).
 */
export function saveTypeScriptCache(): void {
  if (!loaded.fresh || !loaded.script || !loaded.cacheFile) return;
  loaded.fresh = false;
  try {
    const data = loaded.script.createCachedData();
    mkdirSync(path.dirname(loaded.cacheFile), { recursive: true, mode: 0o700 });
    const temp = `${loaded.cacheFile}.${process.pid}.tmp`;
    writeFileSync(temp, data, { mode: 0o600 });
    renameSync(temp, loaded.cacheFile);
  } catch {
    // A read-only or full cache directory only costs speed.
  }
}

// eslint-disable-next-line @typescript-eslint/no-namespace
declare namespace ts {
  export type ArrowFunction = TypeScript.ArrowFunction;
  export type BinaryExpression = TypeScript.BinaryExpression;
  export type BindingElement = TypeScript.BindingElement;
  export type BindingName = TypeScript.BindingName;
  export type CallExpression = TypeScript.CallExpression;
  export type ClassDeclaration = TypeScript.ClassDeclaration;
  export type ClassElement = TypeScript.ClassElement;
  export type ClassExpression = TypeScript.ClassExpression;
  export type ClassLikeDeclaration = TypeScript.ClassLikeDeclaration;
  export type ConstructorDeclaration = TypeScript.ConstructorDeclaration;
  export type Decorator = TypeScript.Decorator;
  export type DiagnosticWithLocation = TypeScript.DiagnosticWithLocation;
  export type ElementAccessExpression = TypeScript.ElementAccessExpression;
  export type EntityName = TypeScript.EntityName;
  export type EnumDeclaration = TypeScript.EnumDeclaration;
  export type Expression = TypeScript.Expression;
  export type FunctionDeclaration = TypeScript.FunctionDeclaration;
  export type FunctionExpression = TypeScript.FunctionExpression;
  export type Identifier = TypeScript.Identifier;
  export type ImportDeclaration = TypeScript.ImportDeclaration;
  export type InterfaceDeclaration = TypeScript.InterfaceDeclaration;
  export type IndexedAccessTypeNode = TypeScript.IndexedAccessTypeNode;
  export type JsonSourceFile = TypeScript.JsonSourceFile;
  export type JsxOpeningLikeElement = TypeScript.JsxOpeningLikeElement;
  export type MethodDeclaration = TypeScript.MethodDeclaration;
  export type NewExpression = TypeScript.NewExpression;
  export type NoSubstitutionTemplateLiteral = TypeScript.NoSubstitutionTemplateLiteral;
  export type Node = TypeScript.Node;
  export type NodeArray<T extends TypeScript.Node> = TypeScript.NodeArray<T>;
  export type ObjectLiteralExpression = TypeScript.ObjectLiteralExpression;
  export type ParameterDeclaration = TypeScript.ParameterDeclaration;
  export type PropertyAccessExpression = TypeScript.PropertyAccessExpression;
  export type PropertyAssignment = TypeScript.PropertyAssignment;
  export type ScriptKind = TypeScript.ScriptKind;
  export type SourceFile = TypeScript.SourceFile;
  export type Statement = TypeScript.Statement;
  export type StringLiteral = TypeScript.StringLiteral;
  export type TaggedTemplateExpression = TypeScript.TaggedTemplateExpression;
  export type TemplateExpression = TypeScript.TemplateExpression;
  export type TemplateHead = TypeScript.TemplateHead;
  export type TemplateLiteral = TypeScript.TemplateLiteral;
  export type TemplateMiddle = TypeScript.TemplateMiddle;
  export type TemplateTail = TypeScript.TemplateTail;
  export type TypeAliasDeclaration = TypeScript.TypeAliasDeclaration;
  export type TypeElement = TypeScript.TypeElement;
  export type TypeLiteralNode = TypeScript.TypeLiteralNode;
  export type TypeNode = TypeScript.TypeNode;
  export type TypeOperatorNode = TypeScript.TypeOperatorNode;
  export type TypeParameterDeclaration = TypeScript.TypeParameterDeclaration;
  export type TypeQueryNode = TypeScript.TypeQueryNode;
  export type TypeReferenceNode = TypeScript.TypeReferenceNode;
  export type VariableDeclaration = TypeScript.VariableDeclaration;
}

export default ts;
