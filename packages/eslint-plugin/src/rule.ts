import path from 'node:path';
import { dynamicReferenceMessage, oldReferenceMessage } from '@retable/core/base';
import type { Rule } from 'eslint';
import { lintSync } from './sync.js';

export interface RuleOptions {
  /** Also report table names that are not known statically (`.from(table)`). Default false. */
  readonly reportDynamic?: boolean;
  /**
   * The retable config, relative to ESLint's working directory, which is then the project root (as
   * `retable --config`). Default: found upward from each linted file, as the CLI finds it.
   */
  readonly configFile?: string;
  /** Seconds the project analysis is reused before it is made again. Default 30. */
  readonly cacheLifetime?: number;
}

const DEFAULT_CACHE_LIFETIME = 30;

/**
 * `retable/no-legacy-table`: every old table name the finder reports (what `retable verify`
 * counts), with verify's message, and the codemod's edit as the fix.
 */
export const noLegacyTable: Rule.RuleModule = {
  meta: {
    type: 'problem',
    docs: {
      description: 'Disallow table names that retable.config.json renames (the retable finder, with the codemod as fix)',
      recommended: true,
      url: 'https://github.com/retable/retable/tree/main/packages/eslint-plugin#readme',
    },
    fixable: 'code',
    schema: [
      {
        type: 'object',
        properties: {
          reportDynamic: { type: 'boolean' },
          configFile: { type: 'string', minLength: 1 },
          cacheLifetime: { type: 'number', minimum: 0 },
        },
        additionalProperties: false,
      },
    ],
    messages: {
      old: '{{message}}',
      dynamic: '{{message}}',
    },
  },
  create(context) {
    const options = (context.options[0] ?? {}) as RuleOptions;
    const filename = context.physicalFilename;
    // Text handed over without a file (stdin without --stdin-filename), or a block inside another
    // file (a processor's virtual name): not a project module the finder could place.
    if (!path.isAbsolute(filename) || filename !== context.filename) return {};
    const { sourceCode } = context;
    return {
      Program() {
        const { findings, planProblem } = lintSync({
          cwd: context.cwd,
          configFile: options.configFile,
          filename,
          text: sourceCode.text,
          hasBOM: sourceCode.hasBOM,
          cacheLifetime: options.cacheLifetime ?? DEFAULT_CACHE_LIFETIME,
        });
        for (const { reference, start, end, fix } of findings) {
          if (reference.ignored || reference.status === 'new') continue;
          if (reference.status === 'dynamic' && !options.reportDynamic) continue;
          const old = reference.status === 'old';
          const message = old ? oldReferenceMessage(reference) : dynamicReferenceMessage(reference);
          context.report({
            loc: { start: sourceCode.getLocFromIndex(start), end: sourceCode.getLocFromIndex(end) },
            messageId: old ? 'old' : 'dynamic',
            data: { message: planProblem && old ? `${message} (not fixable here: ${planProblem})` : message },
            // Several splices of one reference are one fix: ESLint applies them together or not at all.
            ...(fix ? { fix: (fixer) => fix.map((splice) => fixer.replaceTextRange([splice.start, splice.end], splice.text)) } : {}),
          });
        }
      },
    };
  },
};
