#!/usr/bin/env node
// The two published packages, `retable` and `eslint-plugin-retable`, as bundles (rolldown) of the
// workspace's compiled output (`tsc -b` first; the root `build` script runs both). The @retable/*
// workspace packages and the small pure-JS dependencies are inlined; what loads files from its own
// package directory (PGlite's wasm and data, pgvector, libpg-query's wasm, oxfmt's native binding)
// and the app's TypeScript stay real dependencies. Why: README, "Development".
//
//   node scripts/bundle.mjs
import { readdirSync, readFileSync, rmSync, writeFileSync, existsSync, realpathSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'rolldown';

const root = fileURLToPath(new URL('..', import.meta.url));
const packages = path.join(root, 'packages');
const readJson = (file) => JSON.parse(readFileSync(file, 'utf8'));

/** Where the bundles go, in each published package (its `files` list ships the folder). */
export const BUNDLE_DIR = 'bundle';

/** The published packages: entries (compiled files) and the bundle's file names. */
// The finder's worker threads load `./scan-worker.js` next to the module that starts them: an entry
// of its own in each bundle (flat, so the bundled reader finds it beside itself).
const SCAN_WORKER = '../core/dist/finder/scan-worker.js';

export const BUNDLES = [
  { dir: 'cli', entries: { retable: 'dist/index.js', 'scan-worker': SCAN_WORKER } },
  // Its declarations name nothing but ESLint's types: copied as tsc wrote them.
  { dir: 'eslint-plugin', entries: { index: 'dist/index.js', worker: 'dist/worker.js', 'scan-worker': SCAN_WORKER }, types: ['index.d.ts', 'rule.d.ts'] },
];

// pg's optional native driver and its Cloudflare Workers socket: pg requires them only when asked
// for (`pg.native`, a Workers runtime), so they stay unresolved `require()` calls.
const OPTIONAL_RUNTIME = ['pg-native', 'pg-cloudflare'];

const typegenRequire = createRequire(path.join(packages, 'typegen/package.json'));

/** oxfmt's napi-rs loader (dist/bindings-<hash>.js) in the pinned oxfmt the workspace installs. */
export function oxfmtBindingLoader() {
  const oxfmtDir = path.dirname(realpathSync(typegenRequire.resolve('oxfmt/package.json')));
  const files = readdirSync(path.join(oxfmtDir, 'dist')).filter((file) => /^bindings-[\w-]+\.js$/.test(file));
  if (files.length !== 1) throw new Error(`bundle: expected one dist/bindings-*.js in ${oxfmtDir}, found ${files.length}`);
  return { file: path.join(oxfmtDir, 'dist', files[0]), manifest: readJson(path.join(oxfmtDir, 'package.json')) };
}

/** postgrest-typegen's introspection files, imported by path (its exports map has no entry for them). */
function typegenEngineModule() {
  const entry = realpathSync(typegenRequire.resolve('@supabase/postgrest-typegen/introspection'));
  const dir = path.dirname(entry);
  const version = readJson(path.join(dir, '..', '..', 'package.json')).version;
  const files = [];
  const walk = (sub) => {
    for (const entry of readdirSync(path.join(dir, sub), { withFileTypes: true })) {
      const relative = path.posix.join(sub, entry.name);
      if (entry.isDirectory()) walk(relative);
      else if (entry.name.endsWith('.js') && relative !== 'index.js') files.push(relative);
    }
  };
  walk('');
  files.sort();
  const lines = [
    `// postgrest-typegen ${version}'s introspection files, inlined (packages/typegen/src/engine.ts in the workspace).`,
    ...files.map((file, i) => `import * as m${i} from ${JSON.stringify(path.join(dir, file))};`),
    `const files = { ${files.map((file, i) => `${JSON.stringify(file)}: m${i}`).join(', ')} };`,
    'export function engineFiles() {',
    `  return { version: ${JSON.stringify(version)}, load: async (file) => files[file] ?? Promise.reject(new Error(\`postgrest-typegen \${file} is not in the bundle\`)) };`,
    '}',
  ];
  return { version, code: `${lines.join('\n')}\n` };
}

function retablePlugin() {
  const binding = oxfmtBindingLoader();
  const engine = typegenEngineModule();
  const profile = readFileSync(path.join(packages, 'typegen/src/profile.ts'), 'utf8');
  if (!profile.includes(`engineVersion: '${engine.version}'`)) {
    throw new Error(`bundle: the installed @supabase/postgrest-typegen ${engine.version} is not PARITY_PROFILE.engineVersion (packages/typegen/src/profile.ts)`);
  }
  const cli = readJson(path.join(packages, 'cli/package.json'));
  const wanted = JSON.stringify(binding.manifest.optionalDependencies);
  if (JSON.stringify(cli.optionalDependencies) !== wanted) {
    throw new Error(`bundle: retable's optionalDependencies must be oxfmt ${binding.manifest.version}'s native bindings, exactly: ${wanted}`);
  }
  return {
    name: 'retable',
    resolveId(source, importer) {
      if (source === 'oxfmt') return path.join(root, 'scripts/bundle/oxfmt.mjs');
      if (source === 'oxfmt-native-binding') return binding.file;
      if (importer && /[/\\]packages[/\\]typegen[/\\]dist[/\\]introspect\.js$/.test(importer)) {
        if (source === './engine.js') return '\0retable:typegen-engine';
        // The engine's own `introspect`, for another engine version than the pinned one: never the
        // case in the bundle (checked above), and it would inline ArkType.
        if (source === '@supabase/postgrest-typegen/introspection') return '\0retable:typegen-introspect';
      }
      return null;
    },
    load(id) {
      if (id === '\0retable:typegen-engine') return engine.code;
      if (id === '\0retable:typegen-introspect') {
        return `export function introspect() { throw new Error('retable is bundled with postgrest-typegen ${engine.version}: its introspection runs from engineFiles()'); }\n`;
      }
      return null;
    },
  };
}

/** Names a bundle may still import: Node's modules and the package's own dependencies and peers. */
function allowedImports(manifest) {
  return new Set([
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
    ...Object.keys(manifest.optionalDependencies ?? {}),
    ...OPTIONAL_RUNTIME,
  ]);
}

const packageName = (specifier) => (specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]);
const isBuiltin = (specifier) => specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0]);

/** The bare specifiers left in the output: static and dynamic imports, and require() calls. */
export function importedSpecifiers(code) {
  const found = new Set();
  const patterns = [
    /^\s*(?:import|export)\b[^;'"]*?\bfrom\s*(["'])([^"']+)\1/gm,
    /^\s*import\s*(["'])([^"']+)\1/gm,
    /\bimport\s*\(\s*(["'])([^"']+)\1\s*\)/g,
    /\brequire\s*\(\s*(["'])([^"']+)\1\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const match of code.matchAll(pattern)) {
      if (!match[2].startsWith('.') && !match[2].startsWith('/')) found.add(match[2]);
    }
  }
  return [...found];
}

function chunkName(chunk) {
  if (chunk.name !== 'dist' && chunk.name !== 'index') return '[name]';
  const id = chunk.facadeModuleId ?? chunk.moduleIds.at(-1) ?? '';
  const match = /packages[/\\]([\w-]+)[/\\]dist[/\\]/.exec(id) ?? /.*node_modules[/\\]((?:@[\w.-]+[/\\])?[\w-][\w.-]*)[/\\]/.exec(id);
  return match ? match[1].replace(/[/\\@]/g, '-').replace(/^-/, '') : '[name]';
}

async function bundle({ dir, entries, types = [] }) {
  const pkgDir = path.join(packages, dir);
  const manifest = readJson(path.join(pkgDir, 'package.json'));
  const allowed = allowedImports(manifest);
  const outDir = path.join(pkgDir, BUNDLE_DIR);
  rmSync(outDir, { recursive: true, force: true });
  const input = Object.fromEntries(Object.entries(entries).map(([name, file]) => [name, path.join(pkgDir, file)]));
  const missing = Object.values(input).filter((file) => !existsSync(file));
  if (missing.length > 0) throw new Error(`bundle: ${missing.join(', ')} missing: run tsc -b first`);
  const result = await build({
    input,
    platform: 'node',
    logLevel: 'warn',
    external: (id) => isBuiltin(id) || allowed.has(packageName(id)),
    plugins: [retablePlugin()],
    write: true,
    output: {
      dir: outDir,
      format: 'esm',
      entryFileNames: '[name].js',
      // Chunks named after their workspace package (or third-party package), not after dist/.
      chunkFileNames: (chunk) => `${chunkName(chunk)}-[hash].js`,
      sourcemap: false,
      minify: false,
      comments: { legal: true, annotation: true, jsdoc: false },
    },
  });
  const problems = [];
  const emitted = new Set(result.output.map((file) => file.fileName));
  const inlined = new Map();
  let bytes = 0;
  for (const chunk of result.output) {
    if (chunk.type !== 'chunk') continue;
    bytes += Buffer.byteLength(chunk.code);
    if (chunk.code.includes('sourceMappingURL')) problems.push(`${chunk.fileName} points at a source map`);
    // A file the code loads next to itself (a worker thread) must be in the bundle's folder.
    for (const [, file] of chunk.code.matchAll(/new URL\(["']\.\/([^"']+)["'],\s*import\.meta\.url\)/g)) {
      if (!emitted.has(file)) problems.push(`${chunk.fileName} loads ./${file}, which the bundle does not emit`);
    }
    for (const specifier of importedSpecifiers(chunk.code)) {
      // oxfmt's napi-rs loader also tries bindings oxfmt does not publish (each in a try/catch).
      if (specifier.startsWith('@oxfmt/binding-') && chunk.moduleIds.some((id) => id.includes('oxfmt'))) continue;
      if (!isBuiltin(specifier) && !allowed.has(packageName(specifier))) problems.push(`${chunk.fileName} imports ${specifier}, which is not a dependency of ${manifest.name}`);
    }
    for (const id of chunk.moduleIds) {
      const owner = /node_modules[/\\]((?:@[^/\\]+[/\\])?[^/\\]+)[/\\]/.exec(id.split(/node_modules[/\\]\.pnpm[/\\][^/\\]+[/\\]/).at(-1) ?? '');
      if (owner) inlined.set(owner[1].replace('\\', '/'), id.slice(0, id.lastIndexOf(owner[1]) + owner[1].length));
    }
  }
  for (const file of types) {
    const text = readFileSync(path.join(pkgDir, 'dist', file), 'utf8').replace(/\n\/\/# sourceMappingURL=.*$/, '\n');
    for (const specifier of importedSpecifiers(text)) {
      if (!allowed.has(packageName(specifier))) problems.push(`dist/${file} imports types from ${specifier}, which is not a dependency of ${manifest.name}`);
    }
    writeFileSync(path.join(outDir, file), text);
  }
  if (problems.length > 0) throw new Error(`bundle ${manifest.name}:\n  ${problems.join('\n  ')}`);
  writeFileSync(path.join(outDir, 'THIRD-PARTY-LICENSES.md'), thirdPartyLicenses(manifest.name, inlined));
  return { name: manifest.name, bytes, inlined: [...inlined.keys()].sort() };
}

/** The licenses of the inlined packages, which their terms ask to ship with the code. */
function thirdPartyLicenses(name, inlined) {
  const sections = [`# Third-party code in ${name}'s bundle\n`];
  for (const [pkg, dir] of [...inlined].sort(([a], [b]) => a.localeCompare(b))) {
    const manifest = readJson(path.join(dir, 'package.json'));
    const file = readdirSync(dir).find((entry) => /^licen[sc]e(\.|$)/i.test(entry));
    sections.push(`## ${pkg}@${manifest.version} (${manifest.license ?? 'see below'})\n`);
    if (file) sections.push(`${readFileSync(path.join(dir, file), 'utf8').trim()}\n`);
  }
  return sections.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const target of BUNDLES) {
    const { name, bytes, inlined } = await bundle(target);
    console.log(`bundle: ${name} ${(bytes / 1e6).toFixed(2)} MB of JS (inlined: ${inlined.join(', ')})`);
  }
}
