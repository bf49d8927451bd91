import { compareByLocation, type ParseProblem, type Reference, type RenameMap } from '@retable/core';
import type { LegacyTypeKey, Mention, NameCount, VerifyResult } from './result.js';

export interface SummarizeInput {
  readonly root: string;
  readonly map: RenameMap;
  /** Everything the finder returned, in any order. */
  readonly references: readonly Reference[];
  readonly parseProblems?: readonly ParseProblem[];
  readonly maxOld?: number;
  readonly typesFile?: string | undefined;
  readonly legacyTypeKeys?: readonly LegacyTypeKey[];
  readonly mentions?: readonly Mention[] | undefined;
  readonly filesScanned?: number;
  readonly filesParsed?: number;
}

/**
 * The counting half of verify, pure: references in → per-name counts, totals and the verdict.
 * Every name of the map is listed (zeros included) so a report shows what was checked, not only
 * what was found.
 */
export function summarize(input: SummarizeInput): VerifyResult {
  const { map } = input;
  const maxOld = input.maxOld ?? 0;
  const sorted = [...input.references].sort(compareByLocation);
  const ignored = sorted.filter((r) => r.ignored);
  const references = sorted.filter((r) => !r.ignored);
  const oldReferences = references.filter((r) => r.status === 'old');
  const newReferences = references.filter((r) => r.status === 'new');
  const dynamic = references.filter((r) => r.status === 'dynamic');

  const oldCounts = countBy(oldReferences);
  const newCounts = countBy(newReferences);
  const old: NameCount[] = [...map.renames].map(([name, newName]) => ({
    name,
    counterpart: newName,
    count: oldCounts.get(name) ?? 0,
  }));
  const neu: NameCount[] = [...map.renames].map(([oldName, name]) => ({
    name,
    counterpart: oldName,
    count: newCounts.get(name) ?? 0,
  }));

  const parseProblems = [...(input.parseProblems ?? [])].sort(compareByLocation);
  const totalOld = oldReferences.length;
  return {
    root: input.root,
    schema: map.schema,
    maxOld,
    passed: totalOld <= maxOld && parseProblems.length === 0,
    old,
    new: neu,
    totalOld,
    totalNew: newReferences.length,
    references,
    oldReferences,
    dynamic,
    ignored,
    parseProblems,
    typesFile: input.typesFile,
    legacyTypeKeys: [...(input.legacyTypeKeys ?? [])].sort(compareByLocation),
    mentions: input.mentions ? [...input.mentions].sort(compareByLocation) : undefined,
    filesScanned: input.filesScanned ?? 0,
    filesParsed: input.filesParsed ?? 0,
  };
}

function countBy(references: readonly Reference[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const reference of references) counts.set(reference.table, (counts.get(reference.table) ?? 0) + 1);
  return counts;
}
