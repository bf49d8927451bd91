/**
 * Component files that hold code in blocks: Vue and Svelte `<script>` (also `<script setup
 * lang="ts">`, `<script context="module">`), Astro's `---` frontmatter and its `<script>` tags.
 *
 * The finder reads such a file through its code view: the same text with everything outside the
 * script blocks (markup, tags, styles) turned into spaces, line breaks kept. The view has the
 * file's length and line structure, so every offset, line and column found in it is the file's
 * own, and an edit found in it applies to the file as is; a word in the markup is never code.
 */
export const SCRIPT_BLOCK_EXTENSIONS: readonly string[] = ['.vue', '.svelte', '.astro'];

export function hasScriptBlocks(file: string): boolean {
  const dot = file.lastIndexOf('.');
  return dot > 0 && SCRIPT_BLOCK_EXTENSIONS.includes(file.slice(dot).toLowerCase());
}

/** A code block's content: offsets into the file, end exclusive. */
export interface ScriptBlock {
  readonly start: number;
  readonly end: number;
}

/**
 * The file as the TypeScript parser should see it: `text` itself for a TS/JS file, else (a
 * `.vue`, `.svelte` or `.astro` file) its script blocks in place and blanks elsewhere, but for the
 * markup's event handlers that query (`on:click={() => supabase.from('orders')…}` in Svelte,
 * `@click="supabase.from('orders')…"` in Vue): each is kept in place as `;(…)`, its `=` and
 * delimiters turned into those characters. Should one not parse as an expression, `plainCodeView`
 * (without them) is what the parser reads (module.ts).
 */
export function codeView(file: string, text: string): string {
  if (!hasScriptBlocks(file)) return text;
  const blocks = scriptBlocks(file, text);
  let view = blankOutside(text, blocks);
  for (const handler of markupHandlers(file, text, blocks)) {
    view = `${view.slice(0, handler.equals)};(${text.slice(handler.open + 1, handler.close)})${view.slice(handler.close + 1)}`;
  }
  return view;
}

/** The code view without the markup's handlers: the script blocks alone. */
export function plainCodeView(file: string, text: string): string {
  return hasScriptBlocks(file) ? blankOutside(text, scriptBlocks(file, text)) : text;
}

/** Svelte's `on:click={…}` (`on:click|once={…}`) and Svelte 5's `onclick={…}`; Vue's `@click="…"`, `v-on:click="…"`. */
const SVELTE_HANDLER = /\s(?:on:[A-Za-z][\w-]*(?:\|[\w|]+)?|on[a-z]+)=\{/g;
const VUE_HANDLER = /\s(?:@[A-Za-z][\w.:-]*|v-on:[A-Za-z][\w.:-]*)=(["'])/g;

/** The markup's event handlers that may run a query (`.from(`), outside the script blocks. */
function markupHandlers(file: string, text: string, blocks: readonly ScriptBlock[]): Array<{ equals: number; open: number; close: number }> {
  if (!text.includes('.from(')) return [];
  const lower = file.toLowerCase();
  const pattern = lower.endsWith('.svelte') ? SVELTE_HANDLER : lower.endsWith('.vue') ? VUE_HANDLER : undefined;
  if (!pattern) return [];
  const found: Array<{ equals: number; open: number; close: number }> = [];
  pattern.lastIndex = 0;
  for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
    const open = m.index + m[0].length - 1;
    if (blocks.some((b) => b.start <= open && open < b.end)) continue;
    const close = m[1] === undefined ? closingBrace(text, open) : text.indexOf(m[1], open + 1);
    if (close === -1) break;
    if (text.slice(open, close).includes('.from(')) found.push({ equals: open - 1, open, close });
    pattern.lastIndex = close + 1;
  }
  return found;
}

/** The `}` that closes the `{` at `open`, past strings, templates and comments; -1 if none. */
function closingBrace(text: string, open: number): number {
  const stack: string[] = ['}'];
  for (let i = open + 1; i < text.length; i += 1) {
    const c = text[i]!;
    const inTemplate = stack.at(-1) === '`';
    if (inTemplate) {
      if (c === '\\') i += 1;
      else if (c === '`') stack.pop();
      else if (c === '$' && text[i + 1] === '{') {
        stack.push('}');
        i += 1;
      }
      continue;
    }
    if (c === "'" || c === '"') {
      for (i += 1; i < text.length && text[i] !== c && text[i] !== '\n'; i += 1) if (text[i] === '\\') i += 1;
    } else if (c === '`') stack.push('`');
    else if (c === '/' && text[i + 1] === '/') i = text.indexOf('\n', i) === -1 ? text.length : text.indexOf('\n', i);
    else if (c === '/' && text[i + 1] === '*') i = text.indexOf('*/', i + 2) === -1 ? text.length : text.indexOf('*/', i + 2) + 1;
    else if (c === '{') stack.push('}');
    else if (c === '}') {
      stack.pop();
      if (stack.length === 0) return i;
    }
  }
  return -1;
}

/** The script blocks of a component file, in order. */
export function scriptBlocks(file: string, text: string): ScriptBlock[] {
  const blocks: ScriptBlock[] = [];
  let from = 0;
  if (file.toLowerCase().endsWith('.astro')) {
    const frontmatter = astroFrontmatter(text);
    if (frontmatter) {
      blocks.push({ start: frontmatter.start, end: frontmatter.end });
      from = frontmatter.after;
    }
  }
  const lower = text.toLowerCase();
  let at = from;
  while (at < text.length) {
    const script = lower.indexOf('<script', at);
    if (script === -1) break;
    const comment = lower.indexOf('<!--', at);
    if (comment !== -1 && comment < script) {
      const close = lower.indexOf('-->', comment + 4);
      if (close === -1) break;
      at = close + 3;
      continue;
    }
    const nameEnd = script + '<script'.length;
    const next = text[nameEnd];
    if (next !== undefined && !/[\s>/]/.test(next)) {
      at = nameEnd; // `<scripts>`, `<script-x>`: another element
      continue;
    }
    const tag = openTag(text, nameEnd);
    if (!tag) break;
    const close = lower.indexOf('</script', tag.end);
    const end = close === -1 ? text.length : close;
    if (!tag.selfClosing && isCode(tag.attributes)) blocks.push({ start: tag.end, end });
    if (close === -1) break;
    at = tag.selfClosing ? tag.end : end + '</script'.length;
  }
  return blocks;
}

/** `---` on the first line (after blank lines) up to the next line that is `---`. */
function astroFrontmatter(text: string): { start: number; end: number; after: number } | undefined {
  const open = /^\uFEFF?\s*---[ \t]*\r?\n/.exec(text);
  if (!open) return undefined;
  const start = open[0].length;
  const close = /^---[ \t]*$/m;
  close.lastIndex = 0;
  const rest = text.slice(start);
  const match = close.exec(rest);
  if (!match) return undefined;
  return { start, end: start + match.index, after: start + match.index + match[0].length };
}

interface OpenTag {
  /** Offset just after the tag's `>`. */
  readonly end: number;
  readonly attributes: ReadonlyMap<string, string>;
  readonly selfClosing: boolean;
}

/** Attributes of `<script …>` from `at` (just after the name), quoted values with `>` included. */
function openTag(text: string, at: number): OpenTag | undefined {
  const attributes = new Map<string, string>();
  const pattern = /\s*(?:([^\s"'>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?|(\/?>)|(\/))/y;
  pattern.lastIndex = at;
  for (;;) {
    const match = pattern.exec(text);
    if (!match) return undefined;
    if (match[5]) return { end: pattern.lastIndex, attributes, selfClosing: match[5] === '/>' };
    if (match[1]) attributes.set(match[1].toLowerCase(), match[2] ?? match[3] ?? match[4] ?? '');
  }
}

const CODE_TYPES = new Set(['', 'module', 'text/javascript', 'application/javascript', 'text/typescript', 'application/typescript', 'ts']);

/** A script holds code unless its `type` says data or a template (`application/ld+json`, …). */
function isCode(attributes: ReadonlyMap<string, string>): boolean {
  const type = attributes.get('type');
  return type === undefined || CODE_TYPES.has(type.trim().toLowerCase());
}

function blankOutside(text: string, blocks: readonly ScriptBlock[]): string {
  let view = '';
  let at = 0;
  for (const block of blocks) {
    view += blank(text.slice(at, block.start)) + text.slice(block.start, block.end);
    at = block.end;
  }
  return view + blank(text.slice(at));
}

/** Spaces for every UTF-16 unit but line breaks, so lengths, lines and columns stay. */
function blank(part: string): string {
  return part.replace(/[^\r\n\u2028\u2029]/g, ' ');
}
