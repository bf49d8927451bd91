import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from './errors.js';
import { toPosix } from './fs.js';
import { jsonErrorAt } from './json-position.js';

/** The config files searched in each directory, in this order, then a `"retable"` key in package.json. */
export const CONFIG_FILE_NAMES = ['retable.config.json', 'retable.config.jsonc'] as const;

/** Where a config was found: a config file, or the `"retable"` key of a package.json. */
export interface ConfigSource {
  /** Absolute path of the file. */
  readonly path: string;
  readonly kind: 'json' | 'jsonc' | 'package.json';
}

export interface FindConfigOptions {
  /** The directory the search starts in. Default: process.cwd(). */
  cwd?: string;
  /**
   * The last directory searched. Default: the repository root (the nearest directory with a `.git`,
   * `cwd` included), or the file system root when there is none.
   */
  stopAt?: string;
}

/** The nearest directory at or above `dir` that holds `.git` (a folder, or a file in a worktree). */
export function findRepositoryRoot(dir: string): string | undefined {
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    if (existsSync(path.join(current, '.git'))) return current;
    if (path.dirname(current) === current) return undefined;
  }
}

/** The directories searched for a config, nearest first. */
export function configSearchPath(options: FindConfigOptions = {}): string[] {
  const start = path.resolve(options.cwd ?? process.cwd());
  const stop = options.stopAt !== undefined ? path.resolve(options.stopAt) : findRepositoryRoot(start);
  const dirs: string[] = [];
  for (let current = start; ; current = path.dirname(current)) {
    dirs.push(current);
    if (current === stop || path.dirname(current) === current) return dirs;
  }
}

/**
 * Find the config as ESLint and knip do: in each directory from `cwd` up to the repository root,
 * `retable.config.json`, `retable.config.jsonc`, then a `"retable"` key in `package.json`. The
 * nearest wins. Two in one directory are refused (ConfigError). Synchronous, so an ESLint rule can
 * call it. Returns undefined when there is none.
 */
export function findConfig(options: FindConfigOptions = {}): ConfigSource | undefined {
  for (const dir of configSearchPath(options)) {
    const found: ConfigSource[] = [];
    for (const name of CONFIG_FILE_NAMES) {
      const file = path.join(dir, name);
      if (isFile(file)) found.push({ path: file, kind: name.endsWith('.jsonc') ? 'jsonc' : 'json' });
    }
    const pkg = path.join(dir, 'package.json');
    if (isFile(pkg) && packageHasConfig(pkg)) found.push({ path: pkg, kind: 'package.json' });
    if (found.length > 1) {
      throw new ConfigError(
        `${toPosix(dir)}: ${found.map(describeSource).join(' and ')} are both retable configs; keep one`,
      );
    }
    if (found.length === 1) return found[0];
  }
  return undefined;
}

/** The one-line message for "no config found", naming the directories searched. */
export function configNotFoundMessage(options: FindConfigOptions = {}): string {
  const dirs = configSearchPath(options);
  const range = dirs.length === 1 ? `in ${toPosix(dirs[0]!)}` : `from ${toPosix(dirs[0]!)} up to ${toPosix(dirs.at(-1)!)}`;
  return `no retable.config.json, retable.config.jsonc or "retable" key in package.json ${range}; create retable.config.json with a "renames" object, or pass --config FILE`;
}

function describeSource(source: ConfigSource): string {
  return source.kind === 'package.json' ? 'the "retable" key of package.json' : path.basename(source.path);
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function packageHasConfig(file: string): boolean {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  if (!text.includes('"retable"')) return false;
  const json = parseJson(text, toPosix(file), false);
  return typeof json === 'object' && json !== null && !Array.isArray(json) && Object.hasOwn(json, 'retable');
}

/**
 * Read a config source as plain JSON data (not validated yet). `shown` names it in messages.
 * JSON errors carry `file:line:column`.
 */
export function readConfigSource(source: ConfigSource, shown = toPosix(source.path)): unknown {
  let text: string;
  try {
    text = readFileSync(source.path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      const full = toPosix(source.path);
      throw new ConfigError(`${shown}: not found${shown === full ? '' : ` (${full})`}; fix the --config path`);
    }
    if (code === 'EISDIR') throw new ConfigError(`${shown}: is a directory, not a config file`);
    throw new ConfigError(`${shown}: cannot be read (${code ?? String(error)})`);
  }
  const json = parseJson(text, shown, source.kind === 'jsonc');
  if (source.kind !== 'package.json') return json;
  return typeof json === 'object' && json !== null ? (json as Record<string, unknown>).retable : undefined;
}

/** JSON.parse with the position of an error as line:column, and comments when `comments` is set. */
export function parseJson(raw: string, shown: string, comments: boolean): unknown {
  const bom = raw.startsWith('\uFEFF') ? 1 : 0;
  const text = comments ? stripJsonComments(raw.slice(bom)) : raw.slice(bom);
  try {
    return JSON.parse(text);
  } catch (error) {
    const found = jsonErrorAt(text) ?? { offset: text.length, reason: lowerFirst((error as Error).message) };
    const before = text.slice(0, found.offset);
    const line = before.split('\n').length;
    const column = found.offset - (before.lastIndexOf('\n') + 1) + 1;
    const hint = !comments && text[found.offset] === '/' ? '; comments need retable.config.jsonc' : '';
    throw new ConfigError(`${shown}:${line}:${column}: is not valid JSON (${found.reason})${hint}`);
  }
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}

/**
 * JSONC as tsconfig and VS Code read it: `//` and `/* *\/` comments and trailing commas. Comments
 * become spaces (line breaks kept) so error positions stay where they were.
 */
export function stripJsonComments(text: string): string {
  let out = '';
  let lastSignificant = -1;
  let i = 0;
  while (i < text.length) {
    const char = text[i]!;
    if (char === '"') {
      let j = i + 1;
      while (j < text.length && text[j] !== '"' && text[j] !== '\n') j += text[j] === '\\' ? 2 : 1;
      out += text.slice(i, j + 1);
      lastSignificant = out.length - 1;
      i = j + 1;
    } else if (char === '/' && text[i + 1] === '/') {
      let j = i;
      while (j < text.length && text[j] !== '\n') j++;
      out += ' '.repeat(j - i);
      i = j;
    } else if (char === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      const j = end === -1 ? text.length : end + 2;
      out += text.slice(i, j).replace(/[^\n]/g, ' ');
      i = j;
    } else {
      // A trailing comma: the last thing before } or ] was a comma.
      if ((char === '}' || char === ']') && out[lastSignificant] === ',') {
        out = `${out.slice(0, lastSignificant)} ${out.slice(lastSignificant + 1)}`;
      }
      out += char;
      if (!/\s/.test(char)) lastSignificant = out.length - 1;
      i++;
    }
  }
  return out;
}

/**
 * JSON.parse keeps a `"__proto__"` key as a plain property, but copying the object would turn it
 * into a prototype and drop it silently: refuse it by name.
 */
export function refuseProtoKeys(value: unknown, shown: string, at: string[] = []): void {
  if (typeof value !== 'object' || value === null) return;
  for (const key of Object.keys(value)) {
    const here = [...at, key];
    if (key === '__proto__') {
      const where = at.length > 0 ? `${at.join('.')}: ` : '';
      throw new ConfigError(`${shown}: ${where}the key "__proto__" is not allowed; remove it`);
    }
    refuseProtoKeys((value as Record<string, unknown>)[key], shown, here);
  }
}
