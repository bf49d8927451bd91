/**
 * A schema with every way a view reaches the generated types, as two migrations: tables, enums,
 * a composite type, functions; compatibility views of renamed tables (old names), a reporting
 * view, a materialized view, a view built on a compat view, relationships through views, and
 * functions that take, return or use views' rows.
 */
export const RENAMES = { leads: 'crm_leads', companies: 'crm_companies' } as const;

export const MIGRATIONS: Record<string, string> = {
  '20240101000000_tables.sql': `
create type lead_status as enum ('new', 'won', 'lost');
create type money_amount as (currency text, cents bigint);

create table crm_companies (
  id bigint generated always as identity primary key,
  name text not null,
  domain text unique
);
create table crm_leads (
  id bigint generated always as identity primary key,
  company_id bigint references crm_companies (id),
  status lead_status not null default 'new',
  title text,
  amount numeric,
  budget money_amount,
  tags text[] not null default '{}',
  meta jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);
create table notes (
  id serial primary key,
  lead_id bigint not null references crm_leads (id),
  body text
);
create table lead_owners (
  lead_id bigint primary key references crm_leads (id),
  owner uuid not null default auth.uid()
);

create function lead_count(s lead_status) returns int
  language sql stable as $$ select count(*)::int from crm_leads where status = s $$;
create function touch() returns trigger
  language plpgsql as $$ begin return new; end $$;
create trigger notes_touch before update on notes for each row execute function touch();

create schema reporting;
create table reporting.snapshots (id int primary key, taken_at date);
`,
  '20240201000000_renames.sql': `
-- The expand phase of a rename: old names stay as views over the renamed tables.
create view leads as select * from crm_leads;
create view companies as select * from crm_companies;

create view lead_report with (security_invoker = on) as
  select l.id, l.company_id, c.name as company, l.amount, l.status
  from crm_leads l join crm_companies c on c.id = l.company_id;
create materialized view lead_totals as
  select company_id, count(*) as leads, sum(amount) as total from crm_leads group by company_id;
create view recent_leads as select id, company_id, title from leads where created_at > now() - interval '30 days';
create view reporting.leads as select id, taken_at from reporting.snapshots;

create function open_leads() returns setof leads
  language sql stable as $$ select * from leads where status = 'new' $$;
create function report_for(p_company bigint) returns setof lead_report
  language sql stable as $$ select * from lead_report where company_id = p_company $$;
create function lead_label(leads) returns text
  language sql stable as $$ select $1.title $$;
create function leads_of(crm_companies) returns setof leads
  language sql stable rows 5 as $$ select * from leads where company_id = $1.id $$;
create function first_ids(ls leads[]) returns bigint[]
  language sql immutable as $$ select array_agg(l.id) from unnest(ls) l $$;
create function open_count() returns bigint
  language sql stable begin atomic select count(*) from leads where status = 'new'; end;
create function plain_count() returns bigint
  language sql stable as $$ select count(*) from leads $$;
create function search(q text) returns setof crm_leads
  language sql stable as $$ select * from crm_leads where title ilike q $$;
create function search(q text, company bigint) returns setof leads
  language sql stable as $$ select * from leads where title ilike q and company_id = company $$;
create function totals_for(company bigint) returns setof lead_totals
  language sql stable as $$ select * from lead_totals where company_id = company $$;
`,
};
