// `oxfmt` as retable's bundle provides it: only `format()` for TypeScript, straight on oxfmt's native
// binding. The `oxfmt` package itself is 8.5 MB of Prettier, its plugins, jiti and tinypool, there to
// format languages embedded in a JS file (CSS in a template literal, code fences in JSDoc) and to load
// config files; the generated database types never contain any. The binding is loaded by oxfmt's own
// napi-rs loader (its dist/bindings-*.js, inlined by scripts/bundle.mjs), which requires the
// `@oxfmt/binding-<platform>` package retable declares as an optional dependency, as oxfmt does.

import { formatWith } from './oxfmt-format.mjs';

/** oxfmt's `format(fileName, sourceText, options)`: `{ code, errors }`. */
export const format = formatWith(async () => (await import('oxfmt-native-binding')).t);
