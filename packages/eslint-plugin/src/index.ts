import { readFileSync } from 'node:fs';
import type { ESLint, Linter } from 'eslint';
import { noLegacyTable } from './rule.js';

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

/** eslint-plugin-retable: `retable.configs.recommended` for flat config, and the rule itself. */
const plugin: ESLint.Plugin & { configs: { recommended: Linter.Config } } = {
  meta: { name, version },
  rules: { 'no-legacy-table': noLegacyTable },
  configs: { recommended },
};

// The flat config names the plugin it enables: the object itself, as ESLint's docs do it.
recommended.plugins = { retable: plugin };

export default plugin;
