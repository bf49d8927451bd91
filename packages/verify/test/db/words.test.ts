import { describe, expect, it } from 'vitest';
import { renameDerived } from '../../src/db/words.js';

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
