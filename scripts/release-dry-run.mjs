#!/usr/bin/env node
// The release, rehearsed: in a temp copy of the workspace (the checkout is not touched), a changeset
// that bumps every package, `changeset version`, then `pnpm publish -r --dry-run` against an empty
// local registry (nothing leaves the machine). Prints what each package would publish and checks
// the manifests: real version ranges (never `workspace:`), README and LICENSE in every tarball, no
// source map without its source. Exit 1 on a problem. Build first (`pnpm build`).
//
//   node scripts/release-dry-run.mjs
import { execFile, execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { pnpmBin, repoRoot, startRegistry, workspacePackages } from './local-registry.mjs';

const exec = promisify(execFile);

/** Copy what a release reads: manifests, built files, sources, docs, the changeset config. */
function copyWorkspace(target) {
  for (const file of ['package.json', 'pnpm-workspace.yaml', 'pnpm-lock.yaml', 'LICENSE', 'README.md']) {
    cpSync(path.join(repoRoot, file), path.join(target, file));
  }
  cpSync(path.join(repoRoot, '.changeset'), path.join(target, '.changeset'), { recursive: true });
  // The private workspace packages (inlined in the bundles) only by their manifests: the lockfile
  // names them.
  for (const pkg of workspacePackages(repoRoot, { includePrivate: true })) {
    const relative = path.join(path.relative(repoRoot, pkg.dir), 'package.json');
    mkdirSync(path.dirname(path.join(target, relative)), { recursive: true });
    cpSync(path.join(repoRoot, relative), path.join(target, relative));
  }
  for (const pkg of workspacePackages()) {
    const relative = path.relative(repoRoot, pkg.dir);
    cpSync(pkg.dir, path.join(target, relative), {
      recursive: true,
      filter: (source) =>
        !/[/\\](node_modules|test)([/\\]|$)/.test(path.relative(repoRoot, source)) && !source.endsWith('.tsbuildinfo') && !staleOutput(pkg.dir, source),
    });
  }
}

/**
 * A file in dist/ whose source is gone (tsc -b never deletes outputs): a clean build, which a
 * release starts from, would not have it.
 */
function staleOutput(pkgDir, file) {
  const relative = path.relative(path.join(pkgDir, 'dist'), file);
  if (relative.startsWith('..') || !/\.(js|d\.ts)(\.map)?$/.test(relative)) return false;
  const base = relative.replace(/(\.d)?\.(js|ts)(\.map)?$/, '');
  return !['.ts', '.tsx', '.mts'].some((ext) => existsSync(path.join(pkgDir, 'src', `${base}${ext}`)));
}

/** Files listed in pnpm's dry-run output, per package: { 'name@version': [files] }. */
export function parsePublishOutput(text) {
  const packages = {};
  let current;
  for (const line of text.split('\n')) {
    const header = /(?:📦|package:)\s*(\S+@\d\S*)/.exec(line);
    if (header) {
      current = header[1];
      packages[current] = [];
      continue;
    }
    const file = /^(?:npm notice\s+)?[\d.]+\s*[kKMG]?B\s+(\S.*)$/.exec(line.trim());
    if (current && file) packages[current].push(file[1].trim());
  }
  return packages;
}

async function main() {
  const work = mkdtempSync(path.join(os.tmpdir(), 'retable-release-'));
  const registry = await startRegistry([]);
  const problems = [];
  try {
    copyWorkspace(work);
    execFileSync('git', ['init', '-q'], { cwd: work });
    const names = workspacePackages().map((pkg) => pkg.name);
    writeFileSync(
      path.join(work, '.changeset/release-dry-run.md'),
      `---\n${names.map((name) => `"${name}": patch`).join('\n')}\n---\n\nRelease dry run.\n`,
    );
    const changeset = path.join(repoRoot, 'node_modules/.bin/changeset');
    execFileSync(changeset, ['version'], { cwd: work, stdio: ['ignore', 'pipe', 'pipe'] });
    const env = { ...process.env, npm_config_registry: registry.url };
    for (const key of Object.keys(env)) if (/^npm_config_(?!registry)/i.test(key)) delete env[key];
    writeFileSync(path.join(work, '.npmrc'), `registry=${registry.url}\n//127.0.0.1:${new URL(registry.url).port}/:_authToken=dry-run\n`);
    // Links the workspace packages (publish resolves `workspace:*` from them); offline, from the store.
    await exec(pnpmBin(), ['install', '--offline', '--frozen-lockfile', '--ignore-scripts'], { cwd: work, env, maxBuffer: 64 << 20 });
    const { stdout, stderr } = await exec(pnpmBin(), ['publish', '-r', '--dry-run', '--no-git-checks'], { cwd: work, env, maxBuffer: 64 << 20 });
    const output = `${stdout}\n${stderr}`;

    for (const pkg of workspacePackages(work)) {
      const manifest = JSON.parse(readFileSync(path.join(pkg.dir, 'package.json'), 'utf8'));
      const packed = JSON.parse(
        execFileSync(pnpmBin(), ['pack', '--dry-run', '--json'], { cwd: pkg.dir, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }),
      );
      const files = (packed.files ?? []).map((f) => f.path ?? f).sort();
      console.log(`${manifest.name}@${manifest.version} (${files.length} files)`);
      for (const file of files) console.log(`  ${file}`);
      for (const required of ['README.md', 'LICENSE', 'package.json']) {
        if (!files.includes(required)) problems.push(`${manifest.name}: ${required} is not in the tarball`);
      }
      for (const map of files.filter((file) => file.endsWith('.map'))) {
        const sources = JSON.parse(readFileSync(path.join(pkg.dir, map), 'utf8')).sources ?? [];
        for (const source of sources) {
          const target = path.posix.normalize(path.posix.join(path.posix.dirname(map), source));
          if (!files.includes(target)) problems.push(`${manifest.name}: ${map} points at ${target}, which is not published`);
        }
      }
      for (const key of ['description', 'repository', 'homepage', 'bugs', 'keywords', 'engines', 'license']) {
        if (manifest[key] === undefined) problems.push(`${manifest.name}: package.json has no "${key}"`);
      }
    }
    // What pnpm itself packs on publish: `workspace:` must be gone from every packed manifest.
    const tarballs = path.join(work, 'packed');
    execFileSync(pnpmBin(), ['-r', 'pack', '--pack-destination', tarballs], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
    for (const file of readdirSync(tarballs)) {
      const manifest = execFileSync('tar', ['-xzOf', path.join(tarballs, file), 'package/package.json'], { encoding: 'utf8' });
      if (manifest.includes('workspace:')) problems.push(`${file}: the packed package.json still says workspace:`);
    }
    if (!/dry.run|would publish|\+ /i.test(output)) problems.push(`pnpm publish -r --dry-run printed nothing recognisable:\n${output}`);
    console.log(`\npnpm publish -r --dry-run:\n${output.trim()}`);
  } finally {
    await registry.close();
    rmSync(work, { recursive: true, force: true });
  }
  if (problems.length > 0) {
    console.error(`\nrelease dry run: ${problems.length} problem${problems.length === 1 ? '' : 's'}`);
    for (const problem of problems) console.error(`  ${problem}`);
    process.exitCode = 1;
  } else {
    console.log('\nrelease dry run: every package is ready to publish');
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  if (!existsSync(path.join(repoRoot, 'packages/cli/bundle/retable.js'))) {
    console.error('release dry run: build first (pnpm build)');
    process.exitCode = 2;
  } else {
    await main();
  }
}
