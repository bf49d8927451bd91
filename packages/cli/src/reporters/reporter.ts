import { UsageError } from '@retable/core';

/** What a reporter may use besides the result: only the CLI knows these. */
export interface ReportContext {
  /** Colours allowed (stdout is a TTY and NO_COLOR is not set). Machine formats ignore it. */
  readonly color: boolean;
  /** The CLI's version, for formats that name the tool (SARIF). */
  readonly version: string;
  /**
   * Where the project root sits inside the repository, posix with a trailing slash (`apps/web/`),
   * for formats whose consumers resolve paths from the repository root (github, sarif). Absent or
   * empty: the project root is the repository root.
   */
  readonly pathPrefix?: string;
}

/** A reporter renders one result as the whole text for stdout. Plain function, no I/O. */
export type Reporter<Result> = (result: Result, context: ReportContext) => string;

/** Format name → reporter. Each command that reports findings has its own registry. */
export type ReporterRegistry<Result> = Readonly<Record<string, Reporter<Result>>>;

/** The reporter for `--format <name>`, or a UsageError that lists the formats there are. */
export function pickReporter<Result>(registry: ReporterRegistry<Result>, format: string): Reporter<Result> {
  const reporter = Object.hasOwn(registry, format) ? registry[format] : undefined;
  if (!reporter) {
    const names = Object.keys(registry);
    const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : names.join('');
    throw new UsageError(`--format ${format}: unknown format; use ${list}`);
  }
  return reporter;
}
