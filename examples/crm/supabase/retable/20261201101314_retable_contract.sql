-- retable plan contract: drop the compatibility views
-- Rename map (retable.config.json), schema public: profiles → user_profiles, workspace → workspaces, leads → crm_leads, contacts → crm_contacts, lead_contacts → crm_lead_contacts, lead_notes → crm_lead_notes, messages → comms_messages, scheduled_messages → comms_scheduled_messages, email_logs → comms_email_logs, calls → call_records, transcripts → call_transcripts, ai_jobs → assistant_jobs, stripe_customers → billing_stripe_customers
-- Catalog: read from supabase/migrations applied to an embedded PGlite (--migrations); written for PostgreSQL 15 or later
-- Run it once the deployed code uses only the new names (retable verify).
-- It fails, changing nothing, while anything still depends on a compatibility view.

BEGIN;
SET LOCAL lock_timeout = '5s';

DO $retable$
DECLARE
  views regclass[] := array_remove(ARRAY[to_regclass('public.profiles'), to_regclass('public.workspace'), to_regclass('public.leads'), to_regclass('public.contacts'), to_regclass('public.lead_contacts'), to_regclass('public.lead_notes'), to_regclass('public.messages'), to_regclass('public.scheduled_messages'), to_regclass('public.email_logs'), to_regclass('public.calls'), to_regclass('public.transcripts'), to_regclass('public.ai_jobs'), to_regclass('public.stripe_customers')], NULL);
  not_views text;
  dependents text;
BEGIN
  SELECT string_agg(c.oid::regclass::text, ', ') INTO not_views FROM pg_class c WHERE c.oid = ANY (views) AND c.relkind <> 'v';
  IF not_views IS NOT NULL THEN
    RAISE EXCEPTION 'retable contract: % is not a compatibility view (expected views named ''public.profiles'', ''public.workspace'', ''public.leads'', ''public.contacts'', ''public.lead_contacts'', ''public.lead_notes'', ''public.messages'', ''public.scheduled_messages'', ''public.email_logs'', ''public.calls'', ''public.transcripts'', ''public.ai_jobs'', ''public.stripe_customers'')', not_views;
  END IF;
  SELECT string_agg(DISTINCT pg_describe_object(d.classid, d.objid, d.objsubid), ', ') INTO dependents
    FROM pg_depend d
   WHERE d.refclassid = 'pg_class'::regclass AND d.refobjid = ANY (views) AND d.deptype = 'n'
     AND NOT (d.classid = 'pg_rewrite'::regclass AND EXISTS (SELECT 1 FROM pg_rewrite r WHERE r.oid = d.objid AND r.ev_class = d.refobjid));
  IF dependents IS NOT NULL THEN
    RAISE EXCEPTION 'retable contract: the compatibility views are still used by: %', dependents
      USING HINT = 'Move those objects to the new table names, then run this file again.';
  END IF;
END
$retable$;
DROP VIEW public.profiles, public.workspace, public.leads, public.contacts, public.lead_contacts, public.lead_notes, public.messages, public.scheduled_messages, public.email_logs, public.calls, public.transcripts, public.ai_jobs, public.stripe_customers;

NOTIFY pgrst, 'reload schema';
COMMIT;
