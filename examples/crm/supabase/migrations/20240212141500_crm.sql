-- Leads, their contacts and notes, and the deals they turn into.

create type public.lead_status as enum ('new', 'contacted', 'qualified', 'won', 'lost');

create table public.leads (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspace (id) on delete cascade,
  owner_id uuid not null references public.profiles (id),
  assigned_to uuid references public.profiles (id),
  name text not null,
  email text,
  phone text,
  source text,
  status public.lead_status not null default 'new',
  created_at timestamptz not null default now()
);
create index leads_workspace_id_idx on public.leads (workspace_id);

create table public.contacts (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspace (id) on delete cascade,
  first_name text not null,
  last_name text,
  email text,
  phone text,
  created_at timestamptz not null default now()
);

create table public.lead_contacts (
  lead_id uuid not null references public.leads (id) on delete cascade,
  contact_id uuid not null references public.contacts (id) on delete cascade,
  role text not null default 'decision_maker',
  primary key (lead_id, contact_id)
);

create table public.lead_notes (
  id bigint generated always as identity primary key,
  lead_id uuid not null references public.leads (id) on delete cascade,
  author_id uuid not null default auth.uid() references public.profiles (id),
  body text not null,
  created_at timestamptz not null default now()
);

create table public.deals (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspace (id) on delete cascade,
  lead_id uuid references public.leads (id) on delete set null,
  title text not null,
  amount_cents bigint not null default 0,
  stage text not null default 'open',
  closed_at timestamptz,
  created_at timestamptz not null default now()
);

create table public.deal_events (
  id bigint generated always as identity primary key,
  deal_id uuid not null references public.deals (id) on delete cascade,
  kind text not null,
  payload jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);

alter table public.leads enable row level security;
alter table public.contacts enable row level security;
alter table public.lead_contacts enable row level security;
alter table public.lead_notes enable row level security;
alter table public.deals enable row level security;
alter table public.deal_events enable row level security;

create policy "Workspace members read leads" on public.leads
  for select to authenticated using (
    workspace_id in (select wm.workspace_id from public.workspace_members wm where wm.user_id = auth.uid())
  );
create policy "Workspace members write leads" on public.leads
  for all to authenticated
  using (public.is_workspace_member(workspace_id))
  with check (public.is_workspace_member(workspace_id) and owner_id = auth.uid());

create policy "Workspace members manage contacts" on public.contacts
  for all to authenticated
  using (public.is_workspace_member(workspace_id))
  with check (public.is_workspace_member(workspace_id));

create policy "Lead contacts follow their lead" on public.lead_contacts
  for all to authenticated
  using (exists (select 1 from public.leads l where l.id = lead_id))
  with check (exists (select 1 from public.leads l where l.id = lead_id));

create policy "Lead notes follow their lead" on public.lead_notes
  for select to authenticated using (exists (select 1 from public.leads l where l.id = lead_id));
create policy "Authors write lead notes" on public.lead_notes
  for insert to authenticated with check (author_id = auth.uid());

create policy "Workspace members manage deals" on public.deals
  for all to authenticated
  using (public.is_workspace_member(workspace_id))
  with check (public.is_workspace_member(workspace_id));

create policy "Deal events follow their deal" on public.deal_events
  for select to authenticated using (exists (select 1 from public.deals d where d.id = deal_id));

-- Every stage change of a deal leaves an event; a won deal marks its lead as won.
create function public.log_deal_stage_change() returns trigger
  language plpgsql security definer set search_path = public
  as $$
  begin
    if new.stage is distinct from old.stage then
      insert into deal_events (deal_id, kind, payload)
      values (new.id, 'stage_changed', jsonb_build_object('from', old.stage, 'to', new.stage));
      if new.stage = 'won' and new.lead_id is not null then
        update leads set status = 'won' where id = new.lead_id;
      end if;
    end if;
    return new;
  end;
  $$;

create trigger deals_stage_change
  after update of stage on public.deals
  for each row execute function public.log_deal_stage_change();

-- Called from the dashboard with supabase.rpc('lead_count_by_status', { target_workspace }).
create function public.lead_count_by_status(target_workspace uuid)
  returns table (status public.lead_status, total bigint)
  language sql stable
  as $$
    select l.status, count(*) from public.leads l where l.workspace_id = target_workspace group by l.status
  $$;

-- Reporting: one row per lead with its open pipeline value. security_invoker keeps the callers' RLS.
create view public.lead_pipeline with (security_invoker = true) as
  select
    l.id as lead_id,
    l.workspace_id,
    l.name,
    l.status,
    count(d.id) as deal_count,
    coalesce(sum(d.amount_cents) filter (where d.stage <> 'lost'), 0) as open_amount_cents
  from public.leads l
  left join public.deals d on d.lead_id = l.id
  group by l.id;
