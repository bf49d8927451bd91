import { describe, expect, it } from 'vitest';
import { findWord, renameDerived, stripSqlComments } from '../../src/db/words.js';

describe('findWord', () => {
  it.each([
    ['select * from leads', 1],
    ['select *\nfrom public.LEADS l', 2],
    ['select * from crm_leads', undefined],
    ['select leads_count from x', undefined],
    ['select * from "leads"', 1],
    ["execute 'delete from leads'", 1],
    ['select $leads from x', undefined],
  ])('%j → %s', (text, line) => {
    expect(findWord(text, 'leads')).toBe(line);
  });
});

describe('stripSqlComments', () => {
  it('drops -- and /* */ comments, keeps strings and line numbers', () => {
    const body = "a -- leads\nb /* leads\n leads */ c 'x -- not a comment'\nd";
    const stripped = stripSqlComments(body);
    expect(stripped.split('\n')).toEqual(['a ', 'b         ', "          c 'x -- not a comment'", 'd']);
    expect(findWord(stripped, 'leads')).toBeUndefined();
  });
});

describe('renameDerived', () => {
  it.each([
    ['leads_pkey', 'leads', 'crm_leads', 'crm_leads_pkey'],
    ['crm_leads_pkey', 'leads', 'crm_leads', undefined],
    ['lead_contacts_pkey', 'contacts', 'crm_contacts', 'lead_crm_contacts_pkey'],
    ['leadsx_idx', 'leads', 'crm_leads', undefined],
    ['Users read own leads', 'leads', 'crm_leads', 'Users read own crm_leads'],
    ['workspaces_pkey', 'workspace', 'workspaces', undefined],
    ['workspace_pkey', 'workspace', 'workspaces', 'workspaces_pkey'],
    ['leads_to_leads_fkey', 'leads', 'crm_leads', 'crm_leads_to_crm_leads_fkey'],
  ])('%s (%s → %s) → %s', (name, oldName, newName, expected) => {
    expect(renameDerived(name, oldName, newName)).toBe(expected);
  });
});
