// oxfmt's `format()` on its native binding alone (see oxfmt.mjs); apart so a test can hand it the
// binding loader of the installed oxfmt.

/**
 * @param {() => Promise<{ format: Function }>} loadBinding oxfmt's napi-rs binding
 * @returns {(fileName: string, sourceText: string, options?: object) => Promise<{ code: string, errors: unknown[] }>}
 */
export function formatWith(loadBinding) {
  let binding;
  return async function format(fileName, sourceText, options) {
    if (typeof fileName !== 'string') throw new TypeError('`fileName` must be a string');
    if (typeof sourceText !== 'string') throw new TypeError('`sourceText` must be a string');
    binding ??= await loadBinding();
    // The callbacks oxfmt's native side calls for what it cannot format itself. None is ever needed
    // for generated types; if one is called, the result would silently differ from oxfmt's, so the
    // call fails instead.
    const asked = [];
    const unsupported = (what) => () => {
      asked.push(what);
      return Promise.resolve(what === 'a non-JavaScript file' ? { ok: false, error: `retable formats TypeScript only, not ${what}` } : null);
    };
    const result = await binding.format(
      fileName,
      sourceText,
      options ?? {},
      unsupported('a non-JavaScript file'),
      unsupported('embedded code (CSS, GraphQL, HTML or Markdown in a template literal or JSDoc)'),
      unsupported('an embedded document'),
      unsupported('Tailwind class sorting'),
    );
    if (asked.length > 0) {
      throw new Error(`retable's formatter formats plain TypeScript only; oxfmt asked for ${[...new Set(asked)].join(', ')} in ${fileName}`);
    }
    return result;
  };
}
