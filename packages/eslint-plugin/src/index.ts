import { readFileSync } from 'node:fs';
import type { ESLint, Linter } from 'eslint';
import { noLegacyTable } from './rule.js';
import { startWorker } from './sync.js';

export type { RuleOptions } from './rule.js';

const { name, version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
  name: string;
  version: string;
};

const recommended: Linter.Config = {
  name: 'retable/recommended',
  plugins: {} as Record<string, ESLint.Plugin>,
  rules: { 'retable/no-legacy-table': 'error' },
};

/** eslint-plugin-retable: `retable.configs.recommended` (flat config), `recommended-legacy` (.eslintrc), the rule. */
// The same for an .eslintrc (ESLint 8, or ESLint 9 with ESLINT_USE_FLAT_CONFIG=false).
const recommendedLegacy: Linter.LegacyConfig = {
  plugins: ['retable'],
  rules: { 'retable/no-legacy-table': 'error' },
};

const plugin: ESLint.Plugin & { configs: { recommended: Linter.Config; 'recommended-legacy': Linter.LegacyConfig } } = {
  meta: { name, version },
  rules: { 'no-legacy-table': noLegacyTable },
  configs: { recommended, 'recommended-legacy': recommendedLegacy },
};

// The flat config names the plugin it enables: the object itself, as ESLint's docs do it.
recommended.plugins = { retable: plugin };

export default plugin;

startWorker();
