-- Users and the workspaces they belong to.

create type public.member_role as enum ('owner', 'admin', 'member');

create table public.profiles (
  id uuid primary key references auth.users (id) on delete cascade,
  email text,
  full_name text,
  avatar_url text,
  created_at timestamptz not null default now()
);

create table public.workspace (
  id uuid primary key default gen_random_uuid(),
  name text not null,
  owner_id uuid not null references public.profiles (id),
  created_at timestamptz not null default now()
);

create table public.workspace_members (
  workspace_id uuid not null references public.workspace (id) on delete cascade,
  user_id uuid not null references public.profiles (id) on delete cascade,
  role public.member_role not null default 'member',
  joined_at timestamptz not null default now(),
  primary key (workspace_id, user_id)
);

alter table public.profiles enable row level security;
alter table public.workspace enable row level security;
alter table public.workspace_members enable row level security;

create policy "Profiles are readable by their owner" on public.profiles
  for select to authenticated using (id = auth.uid());
create policy "Profiles are editable by their owner" on public.profiles
  for update to authenticated using (id = auth.uid()) with check (id = auth.uid());

-- Members see their own memberships; every other policy builds on that.
create policy "Members read their memberships" on public.workspace_members
  for select to authenticated using (user_id = auth.uid());

create policy "Members read their workspaces" on public.workspace
  for select to authenticated using (
    id in (select wm.workspace_id from public.workspace_members wm where wm.user_id = auth.uid())
  );
create policy "Owners update their workspaces" on public.workspace
  for update to authenticated using (owner_id = auth.uid()) with check (owner_id = auth.uid());

-- Used by the policies of every workspace-scoped table. SECURITY DEFINER so that it reads
-- workspace_members without going through that table's own policies.
create function public.is_workspace_member(ws uuid) returns boolean
  language sql stable security definer set search_path = public
  as $$
    select exists (
      select 1 from workspace_members where workspace_id = ws and user_id = auth.uid()
    )
  $$;

-- The classic Supabase signup trigger: every new auth user gets a profile row.
create function public.handle_new_user() returns trigger
  language plpgsql security definer set search_path = ''
  as $$
  begin
    insert into public.profiles (id, email, full_name, avatar_url)
    values (
      new.id,
      new.email,
      new.raw_user_meta_data ->> 'full_name',
      new.raw_user_meta_data ->> 'avatar_url'
    );
    return new;
  end;
  $$;

create trigger on_auth_user_created
  after insert on auth.users
  for each row execute procedure public.handle_new_user();
