import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Reference } from '@retable/core';
import type { VerifyResult } from '@retable/verify/code';
import type { ReportContext } from './reporter.js';
import { expression, sentence } from './text.js';

/** A SARIF reportingDescriptor: what GitHub code scanning shows as the rule, with its help. */
export interface SarifRule {
  readonly id: string;
  readonly name: string;
  readonly shortDescription: { readonly text: string };
  readonly fullDescription: { readonly text: string };
  readonly help: { readonly text: string; readonly markdown: string };
  readonly defaultConfiguration: { readonly level: SarifLevel };
  readonly properties: { readonly tags: readonly string[]; readonly precision: string; readonly 'problem.severity': string };
}

export type SarifLevel = 'error' | 'warning' | 'note';

export interface SarifFinding {
  readonly ruleId: string;
  readonly level: SarifLevel;
  readonly message: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
  /** Exclusive end column on the same line, when the finding is a name of known length. */
  readonly endColumn?: number;
  /** Silenced in the source (a retable-ignore comment): kept, marked as suppressed. */
  readonly suppressed?: boolean;
}

const IGNORE_HELP =
  'A deliberate use (e.g. code that must still work against the old name during a migration) can be silenced with `// retable-ignore-next-line` on the line above, or `/* retable-ignore-file */` for a whole file; retable still counts and reports ignored references.';

export const VERIFY_RULES: readonly SarifRule[] = [
  rule(
    'old-table-reference',
    'OldTableReference',
    'error',
    'Code names a renamed table by its old name',
    'The table was renamed in the database (retable.config.json "renames"), but this code still names it by its old name. It works only while a compatibility view with the old name exists and breaks when the view is dropped.',
    'Run `npx retable codemod` to see the change and `npx retable codemod --write` to apply it: it rewrites the name inside the string literal and nothing else.',
    ['correctness', 'database'],
  ),
  rule(
    'dynamic-table-reference',
    'DynamicTableReference',
    'warning',
    'The table name is not known statically',
    'The table name in this position is computed at run time (a parameter, a variable or a template with ${}), so retable cannot tell whether it is an old name.',
    'Check by hand that no value that reaches this position is an old table name; prefer a constant (`const T = "crm_leads"`), which retable follows.',
    ['correctness', 'database'],
  ),
  rule(
    'unparsable-file',
    'UnparsableFile',
    'error',
    'A file retable could not parse',
    'The file has syntax errors, so retable could not check it for old table names; the verify run fails rather than report a count it cannot vouch for.',
    'Fix the syntax error at the reported location and run `npx retable verify` again.',
    ['correctness'],
  ),
  rule(
    'legacy-types-key',
    'LegacyTypesKey',
    'warning',
    'An old table name is still a key of Tables or Views in the generated types',
    'The generated database types still offer the old name (usually a compatibility view or a stale file), so TypeScript accepts code that uses it.',
    'Regenerate the types (`npx retable typegen --out <typesFile>` drops the legacy views), then commit the file.',
    ['maintainability', 'database'],
  ),
  rule(
    'old-name-mention',
    'OldNameMention',
    'note',
    'A whole-word mention of an old table name outside a table position',
    'An old table name appears in a string, a comment, JSX text, Markdown or SQL outside the migrations. It is not a query, so it does not fail the run; it may be UI copy, a route or documentation that should follow the rename.',
    'Decide case by case; most mentions (UI copy, routes) are not about the table and stay as they are.',
    ['maintainability'],
  ),
];

function rule(
  id: string,
  name: string,
  level: SarifLevel,
  short: string,
  full: string,
  fix: string,
  tags: string[],
): SarifRule {
  return {
    id,
    name,
    shortDescription: { text: short },
    fullDescription: { text: full },
    help: {
      text: `${full}\n\n${fix.replace(/`/g, '')}\n\n${IGNORE_HELP.replace(/`/g, '')}`,
      markdown: `${full}\n\n${fix}\n\n${IGNORE_HELP}`,
    },
    defaultConfiguration: { level },
    properties: { tags, precision: 'very-high', 'problem.severity': level === 'note' ? 'recommendation' : level },
  };
}

/** The findings of a verify run, in SARIF terms (sorted by location). */
export function verifyFindings(result: VerifyResult): SarifFinding[] {
  const oldFinding = (r: Reference, suppressed: boolean): SarifFinding => ({
    ruleId: 'old-table-reference',
    level: 'error',
    message: `"${r.table}" was renamed to "${r.newName ?? '?'}" (${r.kind}); write "${r.newName ?? '?'}" here.`,
    file: r.file,
    line: r.line,
    column: r.column,
    endColumn: r.column + r.table.length,
    ...(suppressed ? { suppressed } : {}),
  });
  const dynamicFinding = (r: Reference, suppressed: boolean): SarifFinding => ({
    ruleId: 'dynamic-table-reference',
    level: 'warning',
    message: `Table name not known statically: ${expression(r.table)} (${r.kind}); check by hand that it is never an old name.`,
    file: r.file,
    line: r.line,
    column: r.column,
    ...(suppressed ? { suppressed } : {}),
  });
  const findings: SarifFinding[] = [
    ...result.oldReferences.map((r) => oldFinding(r, false)),
    ...result.dynamic.map((r) => dynamicFinding(r, false)),
    ...result.ignored.flatMap((r) =>
      r.status === 'old' ? [oldFinding(r, true)] : r.status === 'dynamic' ? [dynamicFinding(r, true)] : [],
    ),
    ...result.parseProblems.map((p) => ({
      ruleId: 'unparsable-file',
      level: 'error' as const,
      message: `${sentence(p.message)} retable could not check this file.`,
      file: p.file,
      line: p.line,
      column: p.column,
    })),
    ...result.legacyTypeKeys.map((k) => ({
      ruleId: 'legacy-types-key',
      level: 'warning' as const,
      message: `${k.schema}.${k.section}.${k.name} is still in the generated types; "${k.name}" was renamed to "${k.newName}".`,
      file: k.file,
      line: k.line,
      column: k.column,
      endColumn: k.column + k.name.length,
    })),
    ...(result.mentions ?? []).map((m) => ({
      ruleId: 'old-name-mention',
      level: 'note' as const,
      message: `"${m.name}" (${m.context}) outside a table position: ${m.text}`,
      file: m.file,
      line: m.line,
      column: m.column,
      endColumn: m.column + m.name.length,
    })),
  ];
  return findings.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column));
}

/**
 * A SARIF 2.1.0 log for one run, in the shape GitHub code scanning accepts: rules with ids and
 * help, results with physical locations whose URIs are relative to `SRCROOT` (the repository root:
 * the project root, or above it by `pathPrefix`).
 */
export function sarifLog(
  rules: readonly SarifRule[],
  findings: readonly SarifFinding[],
  root: string,
  version: string,
  pathPrefix = '',
): Record<string, unknown> {
  // URIs are relative to the repository root (SRCROOT), which is the project root less the prefix.
  const srcroot = pathPrefix ? path.resolve(root, ...pathPrefix.split('/').filter(Boolean).map(() => '..')) : root;
  const ruleIndex = new Map(rules.map((r, index) => [r.id, index]));
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'retable',
            version,
            semanticVersion: version,
            rules,
          },
        },
        originalUriBaseIds: {
          SRCROOT: { uri: directoryUri(srcroot) },
        },
        columnKind: 'utf16CodeUnits',
        results: findings.map((f) => ({
          ruleId: f.ruleId,
          ruleIndex: ruleIndex.get(f.ruleId) ?? -1,
          level: f.level,
          message: { text: f.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: relativeUri(pathPrefix + f.file), uriBaseId: 'SRCROOT' },
                region: {
                  startLine: f.line,
                  startColumn: f.column,
                  ...(f.endColumn !== undefined ? { endLine: f.line, endColumn: f.endColumn } : {}),
                },
              },
            },
          ],
          ...(f.suppressed ? { suppressions: [{ kind: 'inSource', justification: 'retable-ignore comment' }] } : {}),
        })),
      },
    ],
  };
}

export function sarif(result: VerifyResult, context: ReportContext): string {
  const log = sarifLog(VERIFY_RULES, verifyFindings(result), result.root, context.version, context.pathPrefix);
  return `${JSON.stringify(log, null, 2)}\n`;
}

/** A root-relative posix path as a relative URI reference (each segment percent-encoded). */
export function relativeUri(file: string): string {
  return file.split('/').map(encodeURIComponent).join('/');
}

function directoryUri(root: string): string {
  const href = pathToFileURL(root).href;
  return href.endsWith('/') ? href : `${href}/`;
}
