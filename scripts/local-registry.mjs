// A throwaway npm registry on 127.0.0.1 that serves retable's packed packages and every third-party
// package they need, taken from this checkout's own installation (node_modules/.pnpm). With it,
// `npm i -D retable` and `pnpm add -D retable` run in a temp app exactly as a user types them, with
// nothing downloaded: the installation test and scripts/install-footprint.mjs use it.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('..', import.meta.url));

/**
 * The pnpm that runs this (`npx pnpm@… test` sets npm_execpath to it), so a machine without a
 * global pnpm works too; else the one on PATH.
 */
export function pnpmBin() {
  const execpath = process.env.npm_execpath;
  return execpath && /^pnpm/.test(path.basename(execpath)) && !execpath.endsWith('.cjs') && !execpath.endsWith('.js') ? execpath : 'pnpm';
}

/** The published workspace packages (or all of them): { name, version, dir }. */
export function workspacePackages(root = repoRoot, { includePrivate = false } = {}) {
  const dir = path.join(root, 'packages');
  return readdirSync(dir)
    .map((name) => path.join(dir, name))
    .filter((pkgDir) => existsSync(path.join(pkgDir, 'package.json')))
    .map((pkgDir) => ({ ...readJson(path.join(pkgDir, 'package.json')), dir: pkgDir }))
    .filter((pkg) => includePrivate || !pkg.private);
}

/** The published packages packed (`pnpm -r pack`) into `outDir` (pnpm turns `workspace:*` into the real versions). Returns the tarballs. */
export function packWorkspace(outDir, root = repoRoot) {
  mkdirSync(outDir, { recursive: true });
  const filters = workspacePackages(root).flatMap((pkg) => ['--filter', pkg.name]);
  execFileSync(pnpmBin(), ['-r', ...filters, 'pack', '--pack-destination', outDir], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return readdirSync(outDir).filter((file) => file.endsWith('.tgz')).map((file) => path.join(outDir, file));
}

/**
 * Tar every third-party package the workspace packages need at run time (dependencies, optional
 * dependencies present on disk, and peers), plus `extra` names from the root (the app's own
 * TypeScript), as they are installed here. Returns the tarballs.
 *
 * @param {string} outDir
 * @param {{ extra?: string[], root?: string }} [options]
 * @returns {string[]}
 */
export function vendorDependencies(outDir, { extra = [], root = repoRoot } = {}) {
  mkdirSync(outDir, { recursive: true });
  const workspaceNames = new Set(workspacePackages(root).map((pkg) => pkg.name));
  const seen = new Map(); // real dir → manifest
  const visit = (pkgDir) => {
    const real = realpathSync(pkgDir);
    if (seen.has(real)) return;
    const manifest = readJson(path.join(real, 'package.json'));
    seen.set(real, manifest);
    const names = [
      ...Object.keys(manifest.dependencies ?? {}),
      ...Object.keys(manifest.optionalDependencies ?? {}),
      ...Object.keys(manifest.peerDependencies ?? {}),
    ];
    for (const name of new Set(names)) {
      const found = resolvePackageDir(real, name);
      if (found && !workspaceNames.has(name)) visit(found);
      else if (found) visitWorkspace(found);
    }
  };
  const visitedWorkspace = new Set();
  const visitWorkspace = (pkgDir) => {
    const real = realpathSync(pkgDir);
    if (visitedWorkspace.has(real)) return;
    visitedWorkspace.add(real);
    const manifest = readJson(path.join(real, 'package.json'));
    for (const name of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies, ...manifest.peerDependencies })) {
      const found = resolvePackageDir(real, name);
      if (!found) continue;
      if (workspaceNames.has(name)) visitWorkspace(found);
      else visit(found);
    }
  };
  for (const pkg of workspacePackages(root)) visitWorkspace(pkg.dir);
  for (const name of extra) visit(path.join(root, 'node_modules', name));
  const tarballs = [];
  for (const [dir, manifest] of seen) {
    const file = path.join(outDir, `${manifest.name.replace('/', '+')}-${manifest.version}.tgz`);
    // The registry's layout: every file under a top-level `package/` folder. Copied first: pnpm's
    // store links identical files to one inode (installers skip hard-link entries), and another
    // install linking the same store files changes their ctime, which GNU tar calls an error.
    const staging = path.join(outDir, '.staging');
    rmSync(staging, { recursive: true, force: true });
    cpSync(dir, path.join(staging, 'package'), { recursive: true });
    execFileSync('tar', ['-czf', file, '--owner=0', '--group=0', '-C', staging, 'package']);
    rmSync(staging, { recursive: true, force: true });
    tarballs.push(file);
  }
  return tarballs;
}

/** Node's lookup: <dir>/node_modules/<name>, then each parent's. */
function resolvePackageDir(fromDir, name) {
  for (let dir = fromDir; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', name);
    if (existsSync(path.join(candidate, 'package.json'))) return candidate;
    // pnpm's virtual store: .pnpm/<id>/node_modules/<pkg> finds its deps as siblings.
    if (path.basename(path.dirname(dir)) === 'node_modules' || path.basename(dir) === 'node_modules') {
      const sibling = path.join(path.basename(dir) === 'node_modules' ? dir : path.dirname(dir), name);
      if (existsSync(path.join(sibling, 'package.json'))) return sibling;
    }
    if (path.dirname(dir) === dir) return undefined;
  }
}

function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * Serve the given tarballs as a registry. Returns { url, close }. Unknown packages are 404s, so an
 * install that needs anything else fails instead of reaching the network.
 */
export async function startRegistry(tarballs) {
  const packuments = new Map(); // name → { versions, tarballs }
  const files = new Map(); // url path → buffer
  for (const file of tarballs) {
    const data = readFileSync(file);
    const manifest = JSON.parse(execFileSync('tar', ['-xzOf', file, 'package/package.json'], { maxBuffer: 64 << 20 }).toString('utf8'));
    const urlPath = `/-/${encodeURIComponent(manifest.name)}/-/${manifest.version}.tgz`;
    files.set(urlPath, data);
    const entry = packuments.get(manifest.name) ?? { versions: {} };
    entry.versions[manifest.version] = {
      ...manifest,
      _id: `${manifest.name}@${manifest.version}`,
      dist: {
        tarball: urlPath,
        integrity: `sha512-${createHash('sha512').update(data).digest('base64')}`,
        shasum: createHash('sha1').update(data).digest('hex'),
      },
    };
    packuments.set(manifest.name, entry);
  }
  const server = http.createServer((request, response) => {
    const url = decodeURIComponent((request.url ?? '/').split('?')[0]);
    const host = `http://${request.headers.host}`;
    if (files.has(encodeURI(url)) || files.has(request.url ?? '')) {
      const data = files.get(request.url ?? '') ?? files.get(encodeURI(url));
      response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': data.length });
      response.end(data);
      return;
    }
    const name = url.slice(1);
    const entry = packuments.get(name);
    if (!entry || request.method !== 'GET') {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ error: 'not found' }));
      return;
    }
    const versions = Object.fromEntries(
      Object.entries(entry.versions).map(([version, meta]) => [version, { ...meta, dist: { ...meta.dist, tarball: host + meta.dist.tarball } }]),
    );
    const latest = Object.keys(versions).sort(compareVersions).at(-1);
    const time = Object.fromEntries(Object.keys(versions).map((version) => [version, '2025-01-01T00:00:00.000Z']));
    const body = JSON.stringify({
      name,
      'dist-tags': { latest },
      versions,
      time: { created: '2025-01-01T00:00:00.000Z', modified: '2025-01-01T00:00:00.000Z', ...time },
    });
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(body);
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

function compareVersions(a, b) {
  const parse = (v) => v.split(/[.+-]/).map((part) => (/^\d+$/.test(part) ? Number(part) : part));
  const [pa, pb] = [parse(a), parse(b)];
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if (pa[i] === pb[i]) continue;
    if (pa[i] === undefined) return 1; // 1.0.0 > 1.0.0-beta
    if (pb[i] === undefined) return -1;
    return typeof pa[i] === 'number' && typeof pb[i] === 'number' ? pa[i] - pb[i] : String(pa[i]).localeCompare(String(pb[i]));
  }
  return 0;
}
