-- retable plan rollback: undo expand.sql (also after contract.sql)
-- Rename map (retable.config.json), schema public: profiles → user_profiles, workspace → workspaces, leads → crm_leads, contacts → crm_contacts, lead_contacts → crm_lead_contacts, lead_notes → crm_lead_notes, messages → comms_messages, scheduled_messages → comms_scheduled_messages, email_logs → comms_email_logs, calls → call_records, transcripts → call_transcripts, ai_jobs → assistant_jobs, stripe_customers → billing_stripe_customers
-- Catalog: read from supabase/migrations applied to an embedded PGlite (--migrations); written for PostgreSQL 15 or later
-- Function bodies are restored as they were when this plan was written.

BEGIN;
SET LOCAL lock_timeout = '5s';

-- Compatibility views first: the old names must be free.
DO $retable$
DECLARE
  views regclass[] := array_remove(ARRAY[to_regclass('public.profiles'), to_regclass('public.workspace'), to_regclass('public.leads'), to_regclass('public.contacts'), to_regclass('public.lead_contacts'), to_regclass('public.lead_notes'), to_regclass('public.messages'), to_regclass('public.scheduled_messages'), to_regclass('public.email_logs'), to_regclass('public.calls'), to_regclass('public.transcripts'), to_regclass('public.ai_jobs'), to_regclass('public.stripe_customers')], NULL);
  not_views text;
  dependents text;
BEGIN
  SELECT string_agg(c.oid::regclass::text, ', ') INTO not_views FROM pg_class c WHERE c.oid = ANY (views) AND c.relkind <> 'v';
  IF not_views IS NOT NULL THEN
    RAISE EXCEPTION 'retable rollback: % is not a compatibility view (expected views named ''public.profiles'', ''public.workspace'', ''public.leads'', ''public.contacts'', ''public.lead_contacts'', ''public.lead_notes'', ''public.messages'', ''public.scheduled_messages'', ''public.email_logs'', ''public.calls'', ''public.transcripts'', ''public.ai_jobs'', ''public.stripe_customers'')', not_views;
  END IF;
  SELECT string_agg(DISTINCT pg_describe_object(d.classid, d.objid, d.objsubid), ', ') INTO dependents
    FROM pg_depend d
   WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid = ANY (views) AND d.deptype = 'n'
     AND NOT (d.classid = 'pg_rewrite'::regclass AND EXISTS (SELECT 1 FROM pg_rewrite r WHERE r.oid = d.objid AND r.ev_class = d.refobjid));
  IF dependents IS NOT NULL THEN
    RAISE EXCEPTION 'retable rollback: the compatibility views are still used by: %', dependents
      USING HINT = 'Move those objects to the new table names, then run this file again.';
  END IF;
END
$retable$;
DROP VIEW IF EXISTS public.profiles, public.workspace, public.leads, public.contacts, public.lead_contacts, public.lead_notes, public.messages, public.scheduled_messages, public.email_logs, public.calls, public.transcripts, public.ai_jobs, public.stripe_customers;

-- Names back.
ALTER TABLE public.billing_stripe_customers RENAME TO stripe_customers;
ALTER TABLE public.assistant_jobs RENAME TO ai_jobs;
ALTER TABLE public.call_transcripts RENAME TO transcripts;
ALTER TABLE public.call_records RENAME TO calls;
ALTER TABLE public.comms_email_logs RENAME TO email_logs;
ALTER TABLE public.comms_scheduled_messages RENAME TO scheduled_messages;
ALTER TABLE public.comms_messages RENAME TO messages;
ALTER TABLE public.crm_lead_notes RENAME TO lead_notes;
ALTER TABLE public.crm_lead_contacts RENAME TO lead_contacts;
ALTER TABLE public.crm_contacts RENAME TO contacts;
ALTER TABLE public.crm_leads RENAME TO leads;
ALTER TABLE public.workspaces RENAME TO workspace;
ALTER TABLE public.user_profiles RENAME TO profiles;

-- Function bodies as they were.
SET LOCAL check_function_bodies = off;
-- public.handle_new_user()
CREATE OR REPLACE FUNCTION public.handle_new_user()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
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
  $function$;
-- public.lead_count_by_status(target_workspace uuid)
CREATE OR REPLACE FUNCTION public.lead_count_by_status(target_workspace uuid)
 RETURNS TABLE(status lead_status, total bigint)
 LANGUAGE sql
 STABLE
AS $function$
    select l.status, count(*) from public.leads l where l.workspace_id = target_workspace group by l.status
  $function$;
-- public.log_deal_stage_change()
CREATE OR REPLACE FUNCTION public.log_deal_stage_change()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO 'public'
AS $function$
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
  $function$;

NOTIFY pgrst, 'reload schema';
COMMIT;
