/**
 * `compilerOptions.paths` patterns, as loaded by `loadPathAliases` (paths.ts). Kept apart from the
 * loader, which needs the TypeScript compiler: the text stage (scan.ts) matches specifiers without it.
 */
export interface PathAliases {
  readonly patterns: ReadonlyArray<{ readonly prefix: string; readonly suffix: string; readonly wildcard: boolean; readonly targets: readonly string[] }>;
}

/** The absolute paths (without extension probing) a specifier may mean under the aliases. */
export function aliasTargets(aliases: PathAliases | undefined, specifier: string): string[] | undefined {
  if (!aliases) return undefined;
  for (const pattern of aliases.patterns) {
    if (!pattern.wildcard) {
      if (specifier === pattern.prefix) return [...pattern.targets];
      continue;
    }
    if (specifier.length >= pattern.prefix.length + pattern.suffix.length && specifier.startsWith(pattern.prefix) && specifier.endsWith(pattern.suffix)) {
      const star = specifier.slice(pattern.prefix.length, specifier.length - pattern.suffix.length);
      return pattern.targets.map((target) => target.replace('*', star));
    }
  }
  return undefined;
}
