import { createRenameMap } from '@retable/core';
import { openPglite, pgliteClient, startPostgres, type PostgresServer, type SqlClient } from '@retable/db';
import { buildReport, domainMatcher, percent, prettySize } from '@retable/verify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DOMAINS, REPORT_SQL } from './fixture.js';

const map = createRenameMap({ leads: 'crm_leads' });

const table = (name: string, domain: string | null, sizeBytes: number, size: string, rls: boolean, policies: number) => ({
  schema: 'public',
  name,
  domain,
  sizeBytes,
  size,
  rls,
  policies,
});

const crmLeads = table('crm_leads', 'crm', 32768, '32 kB', true, 2);
const crmContacts = table('crm_contacts', 'crm', 16384, '16 kB', true, 1);
const commsSettings = table('comms_settings', 'comms', 8192, '8192 bytes', true, 0);
const deals = table('deals', 'deals', 8192, '8192 bytes', false, 0);
const dealEvents = table('deal_events', 'deals', 0, '0 bytes', true, 1);
const misc = table('misc', null, 0, '0 bytes', false, 0);

describe('buildReport on PostgreSQL 15', () => {
  let server: PostgresServer;
  let client: SqlClient;
  beforeAll(async () => {
    server = await startPostgres({ settings: { autovacuum: 'off' } });
    client = await server.connect();
    await client.exec(REPORT_SQL);
  });
  afterAll(async () => {
    await client?.close();
    await server?.stop();
  });

  it('groups by the config domains, in config order, and counts everything', async () => {
    const report = await buildReport(client, { map, domains: DOMAINS });
    expect(report).toEqual({
      schemas: ['public'],
      grouping: 'config',
      domains: [
        { name: 'crm', tables: [crmContacts, crmLeads], sizeBytes: 49152, size: '48 kB', rlsEnabled: 2, policies: 3 },
        { name: 'comms', tables: [commsSettings], sizeBytes: 8192, size: '8192 bytes', rlsEnabled: 1, policies: 0 },
        { name: 'deals', tables: [dealEvents, deals], sizeBytes: 8192, size: '8192 bytes', rlsEnabled: 1, policies: 1 },
        { name: 'billing', tables: [], sizeBytes: 0, size: '0 bytes', rlsEnabled: 0, policies: 0 },
        { name: null, tables: [misc], sizeBytes: 0, size: '0 bytes', rlsEnabled: 0, policies: 0 },
      ],
      totals: { tables: 6, domains: 3, sizeBytes: 65536, size: '64 kB', rlsEnabled: 4, rlsCoverage: 66.7, policies: 4 },
      tablesWithoutPolicies: [commsSettings, deals, misc],
      views: [
        { schema: 'public', name: 'deal_totals', materialized: false, securityInvoker: false, compatFor: null },
        { schema: 'public', name: 'leads', materialized: false, securityInvoker: true, compatFor: 'crm_leads' },
      ],
      naming: { compliant: 5, total: 6, compliance: 83.3, outside: ['misc'] },
    });
  });

  it('sizes are what the catalog says', async () => {
    const { rows } = await client.query<{ size: string }>(`select pg_total_relation_size('crm_leads')::text as size`);
    const report = await buildReport(client);
    expect(report.domains.find((d) => d.name === 'crm')!.tables.find((t) => t.name === 'crm_leads')!.sizeBytes).toBe(
      Number(rows[0]!.size),
    );
  });

  it('without declared domains: groups by prefix, no naming verdict', async () => {
    const report = await buildReport(client);
    expect(report.grouping).toBe('prefix');
    expect(report.domains.map((d) => [d.name, d.tables.map((t) => t.name)])).toEqual([
      ['comms', ['comms_settings']],
      ['crm', ['crm_contacts', 'crm_leads']],
      ['deal', ['deal_events']],
      ['deals', ['deals']],
      ['misc', ['misc']],
    ]);
    expect(report.naming).toBeNull();
    expect(report.views.map((v) => v.compatFor)).toEqual([null, null]);
  });

  it('an empty schema', async () => {
    await client.exec('create schema empty');
    const report = await buildReport(client, { schemas: ['empty'] });
    expect(report.totals).toEqual({ tables: 0, domains: 0, sizeBytes: 0, size: '0 bytes', rlsEnabled: 0, rlsCoverage: null, policies: 0 });
    expect(report.domains).toEqual([]);
  });
  it('a partitioned table is one table: its partitions\' sizes summed, in its domain, not listed apart', async () => {
    await client.exec(`
      create schema part;
      create table part.crm_events (id int, at date not null) partition by range (at);
      create table part.crm_events_2024 partition of part.crm_events for values from ('2024-01-01') to ('2025-01-01');
      create table part.misc_events_2025 partition of part.crm_events for values from ('2025-01-01') to ('2026-01-01')
        partition by range (at);
      create table part.misc_events_2025_h1 partition of part.misc_events_2025 for values from ('2025-01-01') to ('2025-07-01');
      insert into part.crm_events select g, date '2024-01-01' + g % 500 from generate_series(1, 2000) g;`);
    const { rows } = await client.query<{ size: string }>(
      `select sum(pg_total_relation_size(relid))::text as size from pg_partition_tree('part.crm_events')`,
    );
    const report = await buildReport(client, { schemas: ['part'] });
    expect(report.domains.map((d) => [d.name, d.tables.map((t) => [t.name, t.sizeBytes])])).toEqual([
      ['crm', [['crm_events', Number(rows[0]!.size)]]],
    ]);
    expect(Number(rows[0]!.size)).toBeGreaterThan(0);
    expect(report.totals.tables).toBe(1);
  });
});

describe('buildReport on PGlite', () => {
  it('reports the same tables, RLS, policies and views', async () => {
    const client = pgliteClient(await openPglite());
    try {
      await client.exec(REPORT_SQL);
      const report = await buildReport(client, { map, domains: DOMAINS });
      const shape = (t: { name: string; domain: string | null; rls: boolean; policies: number }) => [t.name, t.domain, t.rls, t.policies];
      expect(report.domains.flatMap((d) => d.tables).map(shape)).toEqual(
        [crmContacts, crmLeads, commsSettings, dealEvents, deals, misc].map(shape),
      );
      expect(report.domains.flatMap((d) => d.tables).find((t) => t.name === 'crm_leads')!.sizeBytes).toBeGreaterThan(0);
      expect(report.totals.rlsCoverage).toBe(66.7);
      expect(report.views.map((v) => [v.name, v.securityInvoker, v.compatFor])).toEqual([
        ['deal_totals', false, null],
        ['leads', true, 'crm_leads'],
      ]);
      expect(report.naming?.outside).toEqual(['misc']);
      await client.exec(`
        create table crm_events (id int, at date not null) partition by range (at);
        create table crm_events_2024 partition of crm_events for values from ('2024-01-01') to ('2025-01-01');
        create table misc_events_2025 partition of crm_events for values from ('2025-01-01') to ('2026-01-01');
        insert into crm_events values (1, '2024-05-01'), (2, '2025-05-01');`);
      const parted = await buildReport(client, { map, domains: DOMAINS });
      expect(parted.domains.flatMap((d) => d.tables).map((t) => t.name)).toEqual(['crm_contacts', 'crm_events', 'crm_leads', 'comms_settings', 'deal_events', 'deals', 'misc']);
      expect(parted.domains.flatMap((d) => d.tables).find((t) => t.name === 'crm_events')!.sizeBytes).toBe(
        Number((await client.query<{ s: string }>(`select sum(pg_total_relation_size(relid))::text as s from pg_partition_tree('crm_events')`)).rows[0]!.s),
      );
    } finally {
      await client.close();
    }
  });
});

describe('helpers', () => {
  it.each([
    [0, '0 bytes'],
    [10239, '10239 bytes'],
    [10240, '10 kB'],
    [131072, '128 kB'],
    [40894464, '39 MB'],
    [20 * 1024 ** 3, '20 GB'],
  ])('prettySize(%d) = %s, as pg_size_pretty', (bytes, text) => {
    expect(prettySize(bytes)).toBe(text);
  });

  it('percent', () => {
    expect([percent(68, 69), percent(1, 3), percent(3, 3), percent(0, 0)]).toEqual([98.6, 33.3, 100, null]);
  });

  it('domainMatcher: first declared domain wins; patterns and exact names', () => {
    const of = domainMatcher({ deals: ['deals', 'deal_*'], crm: ['crm_*', 'deal_notes'] });
    expect(['deals', 'deal_events', 'deal_notes', 'crm_leads', 'dealsx', 'misc'].map(of)).toEqual([
      'deals',
      'deals',
      'deals',
      'crm',
      null,
      null,
    ]);
    expect(['comms_messages', 'deals', 'x_'].map(domainMatcher(undefined))).toEqual(['comms', 'deals', 'x']);
  });
});
