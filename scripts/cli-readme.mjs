#!/usr/bin/env node
// The `retable` package's README (its npm page) is the user guide: the repository README's
// introduction, global options, "Using retable in an app" and "CI" sections. Generated so the two
// never drift; a test fails while the committed file differs. Run: node scripts/cli-readme.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const root = new URL('../', import.meta.url);

/** The user guide's text from the repository README's text. */
export function cliReadme(readme) {
  const section = (heading, next) => {
    const start = readme.indexOf(`\n${heading}`);
    const end = readme.indexOf(`\n${next}`, start + 1);
    if (start === -1 || end === -1) throw new Error(`README.md: section "${heading}" … "${next}" not found`);
    return readme.slice(start + 1, end + 1);
  };
  const intro = readme.slice(0, readme.indexOf('\n## Set-up') + 1);
  const globals = /\nGlobal options:[\s\S]*?\n\n/.exec(readme);
  if (!globals) throw new Error('README.md: the "Global options:" paragraph not found');
  return [
    '<!-- Generated from the repository README by scripts/cli-readme.mjs; edit README.md, then run it. -->\n',
    intro,
    section('## Using retable in an app', '## CI'),
    globals[0].slice(1),
    section('## CI', '## Speed'),
    'MIT licensed. Source, issues and the other packages: https://github.com/retable/retable\n',
  ].join('\n').replace(/\n{3,}/g, '\n\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const text = cliReadme(readFileSync(new URL('README.md', root), 'utf8'));
  writeFileSync(new URL('packages/cli/README.md', root), text);
}
