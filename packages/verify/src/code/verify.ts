import path from 'node:path';
import {
  ConfigError,
  DEFAULT_EXCLUDE,
  UsageError,
  findReferences,
  listSourceFiles,
  readSourceText,
  readSourceTextAsync,
  toPosix,
  type Reference,
  type RenameMap,
  type RetableConfig,
} from '@retable/core';
import { narrowToChanged, type ChangedOptions } from './changed.js';
import { scanMentions, wholeWordPattern, type MentionFileKind } from './mentions.js';
import type { LegacyTypeKey, Mention, VerifyResult } from './result.js';
import { summarize } from './summarize.js';
import { findLegacyTypeKeys } from './types-file.js';

export interface VerifyOptions {
  /** Absolute project root. */
  readonly root: string;
  readonly config: RetableConfig;
  readonly map: RenameMap;
  /** Files or directories (relative to the root) that narrow the check; default: the whole project. */
  readonly paths?: readonly string[];
  /** Old references allowed before the run fails (default 0). */
  readonly maxOld?: number;
  /** Also collect whole-word mentions of old names outside table positions (information only). */
  readonly mentions?: boolean;
  /** Threads that read and pre-filter the files (`findReferences`'s `threads`; default: by files and cores). */
  readonly threads?: number;
  /**
   * Check only the files changed since a git base and those they can affect (`verify --changed`);
   * every file when the config, the types file or a tsconfig/package.json changed.
   */
  readonly changed?: ChangedOptions;
}

/** Docs and SQL searched for mentions; `supabase/migrations` is history and stays out. */
const MENTION_DOCS = ['**/*.md', '**/*.sql'];

/** retable's own output: the plan files name every old table on purpose. */
const RETABLE_OUTPUT = ['retable-plan/**', '**/retable-plan/**', 'supabase/retable/**', 'supabase/migrations/*_retable_*.sql'];

/**
 * Count old and new table references with the codemod's finder, so the two always agree: after
 * `retable codemod --write`, verify finds no old reference. Returns data; the CLI reports it.
 */
export async function verify(options: VerifyOptions): Promise<VerifyResult> {
  const { root, config, map } = options;
  const maxOld = options.maxOld ?? 0;
  if (!Number.isSafeInteger(maxOld) || maxOld < 0) {
    throw new UsageError(`maxOld: ${String(maxOld)} is not a whole number ≥ 0`);
  }
  const paths = options.paths && options.paths.length > 0 ? options.paths : undefined;
  const listing = await listSourceFiles({ root, config, ...(paths ? { paths } : {}) });
  const typesPath = config.typesFile ? toPosix(path.relative(root, path.resolve(root, config.typesFile))) : undefined;
  const narrowed = options.changed ? await narrowToChanged({ root, files: listing, typesFile: typesPath, map, options: options.changed }) : undefined;
  const files = narrowed?.files ?? listing;
  // With --mentions the same texts are searched again: keep what the finder reads.
  const texts = options.mentions ? new Map<string, string>() : undefined;
  const found = await findReferences({
    root,
    map,
    files,
    ...(options.threads === undefined ? {} : { threads: options.threads }),
    ...(narrowed?.files ? { project: listing, wrappersOf: narrowed.wrappersOf, context: narrowed.context } : {}),
    ...(texts
      ? {
          readFile: (absolute: string) => {
            const text = readSourceText(absolute);
            texts.set(absolute, text);
            return text;
          },
        }
      : {}),
  });

  const typesFile =
    config.typesFile && withinPaths(root, config.typesFile, paths)
      ? toPosix(path.relative(root, path.resolve(root, config.typesFile)))
      : undefined;
  let legacyTypeKeys: LegacyTypeKey[] = [];
  let typesText: string | undefined;
  if (typesFile) {
    typesText = await readTypesFile(root, typesFile);
    legacyTypeKeys = findLegacyTypeKeys(typesFile, typesText, map);
  }

  let mentions: Mention[] | undefined;
  if (options.mentions) {
    mentions = await findMentions({
      root,
      config,
      map,
      files,
      references: found.references,
      texts: texts ?? new Map(),
      paths,
      docs: narrowed?.files ? narrowed.changedDocs : undefined,
      typesFile: typesFile && typesText !== undefined ? { file: typesFile, text: typesText, keys: legacyTypeKeys } : undefined,
    });
  }

  const checked = files.length + found.callers.length;
  const result = summarize({
    root,
    map,
    references: found.references,
    // A file that could not be read was not checked: like one that does not parse, verify fails.
    parseProblems: [
      ...found.unreadable.map(({ file, code }) => ({ file, line: 1, column: 1, message: `cannot be read (${code}); not checked` })),
      ...found.parseProblems,
    ],
    maxOld,
    typesFile,
    legacyTypeKeys,
    mentions,
    filesScanned: checked,
    filesParsed: found.filesParsed,
  });
  return narrowed ? { ...result, changed: { ...narrowed.scope, checked } } : result;
}

interface FindMentionsInput {
  readonly root: string;
  readonly config: RetableConfig;
  readonly map: RenameMap;
  /** The code files verify scanned. */
  readonly files: readonly string[];
  readonly references: readonly Reference[];
  /** Texts already read, by absolute path. */
  readonly texts: ReadonlyMap<string, string>;
  readonly paths: readonly string[] | undefined;
  /** With `verify --changed`: the docs to search (the changed ones); default: every one. */
  readonly docs: ReadonlySet<string> | undefined;
  readonly typesFile: { file: string; text: string; keys: readonly LegacyTypeKey[] } | undefined;
}

async function findMentions(input: FindMentionsInput): Promise<Mention[]> {
  const pattern = wholeWordPattern(input.map.oldNames);
  if (!pattern) return [];
  // Table positions are counted above; a mention is every other whole-word occurrence.
  const skip = new Map<string, Set<string>>();
  const mark = (file: string, line: number, column: number) => {
    let set = skip.get(file);
    if (!set) skip.set(file, (set = new Set()));
    set.add(`${line}:${column}`);
  };
  for (const r of input.references) mark(r.file, r.line, r.column);
  for (const k of input.typesFile?.keys ?? []) mark(k.file, k.line, k.column);

  // Loaded here: a verify without --mentions does not need it (the source files have their own walker).
  const { glob } = await import('tinyglobby');
  const docs = await glob([...MENTION_DOCS], {
    cwd: input.root,
    ignore: [...DEFAULT_EXCLUDE, ...RETABLE_OUTPUT, ...(input.config.exclude ?? [])],
    onlyFiles: true,
    dot: false,
    followSymbolicLinks: false,
    expandDirectories: false,
  });
  const targets: { file: string; kind: MentionFileKind; text?: string }[] = [
    ...input.files.map((file) => ({ file, kind: 'code' as const })),
    ...docs
      .filter((file) => withinPaths(input.root, file, input.paths) && (input.docs?.has(file) ?? true))
      .map((file) => ({ file, kind: file.endsWith('.md') ? ('markdown' as const) : ('sql' as const) })),
  ];
  if (input.typesFile && !input.files.includes(input.typesFile.file)) {
    targets.push({ file: input.typesFile.file, kind: 'code', text: input.typesFile.text });
  }

  const mentions: Mention[] = [];
  for (const target of targets) {
    let text = target.text ?? input.texts.get(path.join(input.root, target.file));
    if (text === undefined) {
      try {
        text = await readSourceTextAsync(path.join(input.root, target.file));
      } catch {
        continue; // vanished or unreadable since listing: nothing to mention
      }
    }
    mentions.push(...scanMentions({ file: target.file, text, kind: target.kind, pattern, skip: skip.get(target.file) }));
  }
  return mentions;
}

async function readTypesFile(root: string, typesFile: string): Promise<string> {
  try {
    // Decoded by BOM: a generated types file saved as UTF-16 is read as what it is.
    return await readSourceTextAsync(path.resolve(root, typesFile));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      throw new ConfigError(
        `typesFile: ${typesFile} not found; generate it (retable typegen --out ${typesFile}) or fix "typesFile" in the config`,
      );
    }
    throw new ConfigError(`typesFile: ${typesFile} cannot be read (${code ?? String(error)})`);
  }
}

/** Whether a root-relative file lies inside one of the given paths (no paths: everything). */
function withinPaths(root: string, file: string, paths: readonly string[] | undefined): boolean {
  if (!paths) return true;
  const rel = toPosix(path.relative(root, path.resolve(root, file)));
  return paths.some((given) => {
    const narrow = toPosix(path.relative(root, path.resolve(root, given)));
    return narrow === '' || rel === narrow || rel.startsWith(`${narrow}/`);
  });
}
