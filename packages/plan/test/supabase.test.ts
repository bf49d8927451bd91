import { describe, expect, it } from 'vitest';
import { migrationVersion, planFilesFor, supabasePlanFiles, supabaseTimestamp } from '@retable/plan';

const now = new Date(Date.UTC(2026, 11, 1, 5, 20, 38, 750));

describe('Supabase migration versions', () => {
  it('formats UTC YYYYMMDDHHMMSS and reads versions from file names', () => {
    expect(supabaseTimestamp(now)).toBe('20261201052038');
    expect(migrationVersion('20240318102000_init.sql')).toBe('20240318102000');
    expect(migrationVersion('README.md')).toBeUndefined();
    expect(migrationVersion('init.sql')).toBeUndefined();
  });

  it('now, when every existing version is older; contract and rollback one and two seconds later', () => {
    expect(supabasePlanFiles(['20240318102000_init.sql', '20261201052037_last.sql'], now)).toEqual({
      expand: '20261201052038_retable_expand.sql',
      contract: '20261201052039_retable_contract.sql',
      rollback: '20261201052040_retable_rollback.sql',
    });
  });

  it('strictly after the newest version, also one written this very second or in the future', () => {
    expect(supabasePlanFiles(['20261201052038_same_second.sql'], now).expand).toBe('20261201052039_retable_expand.sql');
    expect(supabasePlanFiles(['20991231235959_future.sql', '20240101000000_a.sql'], now)).toEqual({
      expand: '21000101000000_retable_expand.sql',
      contract: '21000101000001_retable_contract.sql',
      rollback: '21000101000002_retable_rollback.sql',
    });
  });

  it('counts the files waiting in supabase/retable: a second plan never collides with the first', () => {
    const first = supabasePlanFiles(['20240101000000_a.sql'], now);
    const second = supabasePlanFiles(['20240101000000_a.sql', first.expand, first.contract, first.rollback], now);
    expect(second.expand).toBe('20261201052041_retable_expand.sql');
  });

  it('versions that are not timestamps are counted on as numbers', () => {
    expect(supabasePlanFiles(['0001_init.sql'], now).expand).toBe('20261201052038_retable_expand.sql');
    expect(supabasePlanFiles(['999999999999999_odd.sql'], now)).toEqual({
      expand: '1000000000000000_retable_expand.sql',
      contract: '1000000000000001_retable_contract.sql',
      rollback: '1000000000000002_retable_rollback.sql',
    });
  });

  it('an expand already written gives its contract and rollback names', () => {
    expect(planFilesFor('20261231235959_retable_expand.sql')).toEqual({
      expand: '20261231235959_retable_expand.sql',
      contract: '20270101000000_retable_contract.sql',
      rollback: '20270101000001_retable_rollback.sql',
    });
    expect(planFilesFor('20261231_retable_expand.sql')).toBeUndefined();
  });
});
