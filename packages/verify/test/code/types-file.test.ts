import { describe, expect, it } from 'vitest';
import { createRenameMap } from '@retable/core';
import { findLegacyTypeKeys } from '@retable/verify';

const map = createRenameMap({ leads: 'crm_leads', profiles: 'user_profiles', calls: 'voice_calls' });

const generated = `export type Database = {
  // leads was renamed; this comment is not a key
  __InternalSupabase: { PostgrestVersion: "12.2.3" };
  public: {
    Tables: {
      crm_leads: {
        Row: { id: string; owner_id: string };
        Relationships: [
          { foreignKeyName: "leads_owner_id_fkey"; columns: ["owner_id"]; isOneToOne: false; referencedRelation: "profiles"; referencedColumns: ["id"] },
        ];
      };
      calls: { Row: { id: string }; Relationships: [] };
    };
    Views: {
      "leads": { Row: { id: string | null }; Relationships: [] };
      user_profiles_summary: { Row: { profiles: number | null }; Relationships: [] };
    };
    Functions: { leads: { Args: never; Returns: number } };
  };
  archive: {
    Tables: { leads: { Row: { id: string }; Relationships: [] } };
    Views: { [_ in never]: never };
  };
};
`;

describe('findLegacyTypeKeys', () => {
  it('finds old names that are keys of Tables or Views of the configured schema, and nothing else', () => {
    expect(findLegacyTypeKeys('types.ts', generated, map)).toEqual([
      { file: 'types.ts', line: 12, column: 7, schema: 'public', section: 'Tables', name: 'calls', newName: 'voice_calls' },
      { file: 'types.ts', line: 15, column: 8, schema: 'public', section: 'Views', name: 'leads', newName: 'crm_leads' },
    ]);
  });

  it('follows the configured schema', () => {
    const archive = createRenameMap({ leads: 'old_leads' }, 'archive');
    expect(findLegacyTypeKeys('types.ts', generated, archive).map((k) => `${k.line}:${k.schema}.${k.section}.${k.name}`)).toEqual([
      '21:archive.Tables.leads',
    ]);
  });

  it('reads interfaces and a types file whose Tables are not nested in a schema key', () => {
    const text = `export interface Database {\n  public: {\n    Tables: { profiles: { Row: {} } };\n  };\n}\nexport type Flat = { Views: { calls: { Row: {} } } };\n`;
    expect(findLegacyTypeKeys('t.ts', text, map).map((k) => `${k.line}:${k.column} ${k.section}.${k.name}`)).toEqual([
      '3:15 Tables.profiles',
      '6:31 Views.calls',
    ]);
  });

  it('finds nothing in a types file that only has new names', () => {
    const text = `export type Database = { public: { Tables: { crm_leads: { Row: {} } }; Views: { [_ in never]: never } } };\n`;
    expect(findLegacyTypeKeys('t.ts', text, map)).toEqual([]);
  });
});
