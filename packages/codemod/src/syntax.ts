// The compiler API as core loads it (require() plus a code cache): an ESM import of the 9 MB
// bundle makes Node scan it for its module format and named exports first.
import { ts } from '@retable/core';
import type * as TS from 'typescript';

/** A syntax error TypeScript's parser reports for a file's text. */
export interface SyntaxProblem {
  /** 1-based line and column (UTF-16 code units). */
  readonly line: number;
  readonly column: number;
  readonly code: number;
  readonly message: string;
}

const SCRIPT_KINDS: Readonly<Record<string, TS.ScriptKind>> = {
  '.ts': ts.ScriptKind.TS,
  '.mts': ts.ScriptKind.TS,
  '.cts': ts.ScriptKind.TS,
  '.tsx': ts.ScriptKind.TSX,
  '.js': ts.ScriptKind.JS,
  '.mjs': ts.ScriptKind.JS,
  '.cjs': ts.ScriptKind.JS,
  '.jsx': ts.ScriptKind.JSX,
  '.json': ts.ScriptKind.JSON,
};

/** The script kind TypeScript would give `file` (by extension; unknown extensions parse as TS). */
export function scriptKindOf(file: string): TS.ScriptKind {
  const dot = file.lastIndexOf('.');
  return (dot >= 0 ? SCRIPT_KINDS[file.slice(dot).toLowerCase()] : undefined) ?? ts.ScriptKind.TS;
}

/** Parse `text` as `file` would be parsed (no type check, no JSDoc). */
export function parseSource(file: string, text: string, setParentNodes = false): TS.SourceFile {
  return ts.createSourceFile(
    file,
    text,
    { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone },
    setParentNodes,
    scriptKindOf(file),
  );
}

/**
 * The parser's syntax errors. `parseDiagnostics` is not in the public typings, but it is what
 * `program.getSyntacticDiagnostics()` returns for a source file, without building a program.
 */
export function syntaxProblems(sourceFile: TS.SourceFile): SyntaxProblem[] {
  const diagnostics = (sourceFile as unknown as { parseDiagnostics?: unknown }).parseDiagnostics;
  if (!Array.isArray(diagnostics)) {
    // Failing open here would let a broken file be written: refuse to guess.
    throw new Error(`typescript ${ts.version}: SourceFile.parseDiagnostics is missing; cannot check syntax`);
  }
  return (diagnostics as TS.DiagnosticWithLocation[]).map((diagnostic) => {
    const { line, character } = sourceFile.getLineAndCharacterOfPosition(diagnostic.start);
    return {
      line: line + 1,
      column: character + 1,
      code: diagnostic.code,
      message: ts.flattenDiagnosticMessageText(diagnostic.messageText, ' '),
    };
  });
}

/**
 * Syntax errors `after` has that `before` did not (compared by code and message, so an error that
 * only moved does not count). Empty when the edit kept the file's syntax as it was.
 */
export function gainedSyntaxProblems(file: string, before: string, after: string): SyntaxProblem[] {
  const remaining = new Map<string, number>();
  for (const problem of syntaxProblems(parseSource(file, before))) {
    const key = `${problem.code} ${problem.message}`;
    remaining.set(key, (remaining.get(key) ?? 0) + 1);
  }
  const gained: SyntaxProblem[] = [];
  for (const problem of syntaxProblems(parseSource(file, after))) {
    const key = `${problem.code} ${problem.message}`;
    const left = remaining.get(key) ?? 0;
    if (left > 0) remaining.set(key, left - 1);
    else gained.push(problem);
  }
  return gained;
}
