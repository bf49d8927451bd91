-- Messages, calls, the assistant, billing and system settings.

create type public.message_channel as enum ('sms', 'email', 'voice');

create table public.messages (
  id uuid primary key default gen_random_uuid(),
  workspace_id uuid not null references public.workspace (id) on delete cascade,
  lead_id uuid references public.leads (id) on delete set null,
  sender_id uuid references public.profiles (id),
  channel public.message_channel not null,
  direction text not null check (direction in ('inbound', 'outbound')),
  body text not null,
  attachment_path text,
  sent_at timestamptz not null default now()
);

create table public.scheduled_messages (
  id uuid primary key default gen_random_uuid(),
  lead_id uuid not null references public.leads (id) on delete cascade,
  channel public.message_channel not null,
  body text not null,
  send_at timestamptz not null,
  sent_message_id uuid references public.messages (id),
  status text not null default 'pending'
);

create table public.email_logs (
  id bigint generated always as identity primary key,
  message_id uuid references public.messages (id) on delete set null,
  to_email text not null,
  subject text,
  provider_id text,
  status text not null default 'queued',
  created_at timestamptz not null default now()
);

create table public.calls (
  id uuid primary key default gen_random_uuid(),
  lead_id uuid references public.leads (id) on delete set null,
  caller_id uuid references public.profiles (id),
  duration_seconds integer not null default 0,
  recording_path text,
  started_at timestamptz not null default now()
);

create table public.transcripts (
  id uuid primary key default gen_random_uuid(),
  call_id uuid not null unique references public.calls (id) on delete cascade,
  content text not null,
  language text not null default 'en',
  created_at timestamptz not null default now()
);

create table public.ai_jobs (
  id uuid primary key default gen_random_uuid(),
  deal_id uuid references public.deals (id) on delete cascade,
  kind text not null,
  status text not null default 'queued',
  input jsonb not null default '{}'::jsonb,
  output jsonb,
  created_at timestamptz not null default now()
);

create table public.stripe_customers (
  profile_id uuid primary key references public.profiles (id) on delete cascade,
  stripe_customer_id text not null unique,
  created_at timestamptz not null default now()
);

create table public.system_logs_settings (
  key text primary key,
  value jsonb not null,
  updated_at timestamptz not null default now()
);

alter table public.messages enable row level security;
alter table public.scheduled_messages enable row level security;
alter table public.email_logs enable row level security;
alter table public.calls enable row level security;
alter table public.transcripts enable row level security;
alter table public.ai_jobs enable row level security;
alter table public.stripe_customers enable row level security;
alter table public.system_logs_settings enable row level security;

create policy "Workspace members read messages" on public.messages
  for select to authenticated using (public.is_workspace_member(workspace_id));
create policy "Workspace members send messages" on public.messages
  for insert to authenticated with check (public.is_workspace_member(workspace_id) and sender_id = auth.uid());

create policy "Scheduled messages follow their lead" on public.scheduled_messages
  for all to authenticated
  using (exists (select 1 from public.leads l where l.id = lead_id))
  with check (exists (select 1 from public.leads l where l.id = lead_id));

create policy "Email logs are for the service role" on public.email_logs
  for all to service_role using (true) with check (true);

create policy "Calls follow their lead" on public.calls
  for select to authenticated using (exists (select 1 from public.leads l where l.id = lead_id));
create policy "Transcripts follow their call" on public.transcripts
  for select to authenticated using (exists (select 1 from public.calls c where c.id = call_id));

create policy "Assistant jobs follow their deal" on public.ai_jobs
  for select to authenticated using (exists (select 1 from public.deals d where d.id = deal_id));

create policy "Customers read their billing record" on public.stripe_customers
  for select to authenticated using (profile_id = auth.uid());

create policy "system_logs_settings_service_role_only" on public.system_logs_settings
  for all to service_role using (true) with check (true);
revoke all on public.system_logs_settings from anon, authenticated;

-- The inbox updates live.
alter publication supabase_realtime add table public.messages;
