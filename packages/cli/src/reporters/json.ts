import type { VerifyResult } from '@retable/verify/code';

/**
 * Machine output, `"version": 1`. The first keys are the documented shape (counts per old and new
 * name, totals, the counted references); after them come what else verify knows, so nothing a
 * human report shows is missing here: the ignored count and references, files that do not parse, legacy keys
 * in the types file, with --mentions the mentions, and with --changed what was compared and checked.
 */
export function json(result: VerifyResult): string {
  const document = {
    version: 1,
    old: Object.fromEntries(result.old.map((n) => [n.name, n.count])),
    new: Object.fromEntries(result.new.map((n) => [n.name, n.count])),
    totalOld: result.totalOld,
    totalNew: result.totalNew,
    dynamic: result.dynamic.length,
    references: result.references.map((r) => ({
      file: r.file,
      line: r.line,
      column: r.column,
      kind: r.kind,
      table: r.table,
      status: r.status,
    })),
    passed: result.passed,
    maxOld: result.maxOld,
    filesScanned: result.filesScanned,
    ignored: result.ignored.length,
    ignoredReferences: result.ignored.map((r) => ({
      file: r.file,
      line: r.line,
      column: r.column,
      kind: r.kind,
      table: r.table,
      status: r.status,
    })),
    parseProblems: result.parseProblems.map((p) => ({ file: p.file, line: p.line, column: p.column, message: p.message })),
    typesFile: result.typesFile ?? null,
    legacyTypeKeys: result.legacyTypeKeys.map((k) => ({
      file: k.file,
      line: k.line,
      column: k.column,
      schema: k.schema,
      section: k.section,
      name: k.name,
      newName: k.newName,
    })),
    ...(result.mentions
      ? {
          mentions: result.mentions.map((m) => ({
            file: m.file,
            line: m.line,
            column: m.column,
            name: m.name,
            context: m.context,
            text: m.text,
          })),
        }
      : {}),
    // `verify --changed`: what was compared; `fullRun` says why every file was checked, if it was.
    ...(result.changed
      ? {
          changed: {
            base: result.changed.base,
            mergeBase: result.changed.mergeBase,
            changedFiles: result.changed.changedFiles,
            checked: result.changed.checked,
            of: result.changed.of,
            fullRun: result.changed.fullRun ?? null,
          },
        }
      : {}),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}
