import type * as TS from 'typescript';
import { ts, type RenameMap } from '@retable/core';
import type { LegacyTypeKey } from './result.js';

/**
 * Old names that are still keys of `Tables` or `Views` in a generated `database.types.ts` (the
 * legacy view types the seed's team removed by hand). Found in the AST, so a `leads` in a comment,
 * in `Relationships` or inside `crm_leads` is not a key.
 *
 * `file` is the path shown in findings (relative to the root); `text` its content.
 */
export function findLegacyTypeKeys(file: string, text: string, map: RenameMap): LegacyTypeKey[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const found: LegacyTypeKey[] = [];

  // `owner` is the name of the nearest enclosing property (`public` for `public: { Tables: … }`).
  const visit = (node: TS.Node, owner: string | undefined): void => {
    if (ts.isPropertySignature(node)) {
      const name = propertyName(node.name);
      if ((name === 'Tables' || name === 'Views') && node.type && ts.isTypeLiteralNode(node.type)) {
        // Supabase puts Tables/Views directly under the schema's key; a file without that nesting
        // has no schema to compare and is taken as the configured one.
        if (owner === undefined || owner === map.schema) collect(node.type, name, owner ?? map.schema);
        return;
      }
      if (node.type) visit(node.type, name ?? owner);
      return;
    }
    ts.forEachChild(node, (child) => visit(child, owner));
  };

  const collect = (literal: TS.TypeLiteralNode, section: 'Tables' | 'Views', schema: string): void => {
    for (const member of literal.members) {
      if (!ts.isPropertySignature(member)) continue;
      const name = propertyName(member.name);
      if (name === undefined) continue;
      const newName = map.renames.get(name);
      if (newName === undefined) continue;
      const start = member.name.getStart(source);
      // A quoted key ("leads": …) is reported at the name, inside the quotes.
      const at = ts.isStringLiteral(member.name) ? start + 1 : start;
      const { line, character } = source.getLineAndCharacterOfPosition(at);
      found.push({ file, line: line + 1, column: character + 1, schema, section, name, newName });
    }
  };

  visit(source, undefined);
  return found;
}

function propertyName(name: TS.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteral(name) || ts.isNoSubstitutionTemplateLiteral(name)) return name.text;
  return undefined;
}
