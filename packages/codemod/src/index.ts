export { applyPlan, type ApplyOptions, type ApplyResult } from './apply.js';
export { renderDiff, renderFileDiff, type RenderDiffOptions } from './diff.js';
export {
  applyEdits,
  planEdits,
  stringLiteralAround,
  type EditPlan,
  type FilePlan,
  type FileProblem,
  type PlannedEdit,
} from './plan.js';
export { gainedSyntaxProblems, parseSource, scriptKindOf, syntaxProblems, type SyntaxProblem } from './syntax.js';
export { runCodemod, type CodemodOptions, type CodemodResult } from './run.js';
