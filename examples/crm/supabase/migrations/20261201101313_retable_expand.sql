-- retable plan expand: rename the tables, keep the old names working
-- Rename map (retable.config.json), schema public: profiles → user_profiles, workspace → workspaces, leads → crm_leads, contacts → crm_contacts, lead_contacts → crm_lead_contacts, lead_notes → crm_lead_notes, messages → comms_messages, scheduled_messages → comms_scheduled_messages, email_logs → comms_email_logs, calls → call_records, transcripts → call_transcripts, ai_jobs → assistant_jobs, stripe_customers → billing_stripe_customers
-- Catalog: read from supabase/migrations applied to an embedded PGlite (--migrations); written for PostgreSQL 15 or later
-- Run it, deploy the code that uses the new names, then run contract.sql. rollback.sql undoes it.
-- WARNING public.messages is in publication supabase_realtime: a view cannot join a publication, so realtime subscriptions on "messages" stop at expand; subscribe to "comms_messages" in the code you deploy
-- A compatibility view's columns are fixed when it is created: columns added to the new table later do not appear under the old name.

BEGIN;
SET LOCAL lock_timeout = '5s';

-- Renames: foreign keys, indexes, policies, triggers, grants and views follow by themselves.
ALTER TABLE public.profiles RENAME TO user_profiles;
ALTER TABLE public.workspace RENAME TO workspaces;
ALTER TABLE public.leads RENAME TO crm_leads;
ALTER TABLE public.contacts RENAME TO crm_contacts;
ALTER TABLE public.lead_contacts RENAME TO crm_lead_contacts;
ALTER TABLE public.lead_notes RENAME TO crm_lead_notes;
ALTER TABLE public.messages RENAME TO comms_messages;
ALTER TABLE public.scheduled_messages RENAME TO comms_scheduled_messages;
ALTER TABLE public.email_logs RENAME TO comms_email_logs;
ALTER TABLE public.calls RENAME TO call_records;
ALTER TABLE public.transcripts RENAME TO call_transcripts;
ALTER TABLE public.ai_jobs RENAME TO assistant_jobs;
ALTER TABLE public.stripe_customers RENAME TO billing_stripe_customers;

-- Function bodies that name a renamed table (text bodies do not follow renames).
-- public.handle_new_user(): 1 name replaced
CREATE OR REPLACE FUNCTION public.handle_new_user()
 RETURNS trigger
 LANGUAGE plpgsql
 SECURITY DEFINER
 SET search_path TO ''
AS $function$
  begin
    insert into public.user_profiles (id, email, full_name, avatar_url)
    values (
      new.id,
      new.email,
      new.raw_user_meta_data ->> 'full_name',
      new.raw_user_meta_data ->> 'avatar_url'
    );
    return new;
  end;
  $function$;
-- public.lead_count_by_status(target_workspace uuid): 1 name replaced
CREATE OR REPLACE FUNCTION public.lead_count_by_status(target_workspace uuid)
 RETURNS TABLE(status lead_status, total bigint)
 LANGUAGE sql
 STABLE
AS $function$
    select l.status, count(*) from public.crm_leads l where l.workspace_id = target_workspace group by l.status
  $function$;
-- public.log_deal_stage_change(): 1 name replaced
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
        update crm_leads set status = 'won' where id = new.lead_id;
      end if;
    end if;
    return new;
  end;
  $function$;

-- Compatibility views: the old names keep working, with the caller's rights (RLS applies).
CREATE VIEW public.profiles WITH (security_invoker = true) AS SELECT * FROM public.user_profiles;
COMMENT ON VIEW public.profiles IS 'retable: compatibility view for public.user_profiles; dropped by contract.sql';
REVOKE ALL ON public.profiles FROM anon, authenticated, service_role;
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON public.profiles TO anon;
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON public.profiles TO authenticated;
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON public.profiles TO service_role;
CREATE VIEW public.workspace WITH (security_invoker = true) AS SELECT * FROM public.workspaces;
COMMENT ON VIEW public.workspace IS 'retable: compatibility view for public.workspaces; dropped by contract.sql';
REVOKE ALL ON public.workspace FROM anon, authenticated, service_role;
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON public.workspace TO anon;
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON public.workspace TO authenticated;
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON public.workspace TO service_role;
CREATE VIEW public.leads WITH (security_invoker = true) AS SELECT * FROM public.crm_leads;
COMMENT ON VIEW public.leads IS 'retable: compatibility view for public.crm_leads; dropped by contract.sql';
REVOKE ALL ON public.leads FROM anon, authenticated, service_role;
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON public.leads TO anon;
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON public.leads TO authenticated;
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON public.leads TO service_role;
CREATE VIEW public.contacts WITH (security_invoker = true) AS SELECT * FROM public.crm_contacts;
COMMENT ON VIEW public.contacts IS 'retable: compatibility view for public.crm_contacts; dropped by contract.sql';
REVOKE ALL ON public.contacts FROM anon, authenticated, service_role;
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON public.contacts TO anon;
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON public.contacts TO authenticated;
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON public.contacts TO service_role;
CREATE VIEW public.lead_contacts WITH (security_invoker = true) AS SELECT * FROM public.crm_lead_contacts;
COMMENT ON VIEW public.lead_contacts IS 'retable: compatibility view for public.crm_lead_contacts; dropped by contract.sql';
REVOKE ALL ON public.lead_contacts FROM anon, authenticated, service_role;
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON public.lead_contacts TO anon;
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON public.lead_contacts TO authenticated;
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON public.lead_contacts TO service_role;
CREATE VIEW public.lead_notes WITH (security_invoker = true) AS SELECT * FROM public.crm_lead_notes;
COMMENT ON VIEW public.lead_notes IS 'retable: compatibility view for public.crm_lead_notes; dropped by contract.sql';
REVOKE ALL ON public.lead_notes FROM anon, authenticated, service_role;
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON public.lead_notes TO anon;
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON public.lead_notes TO authenticated;
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON public.lead_notes TO service_role;
CREATE VIEW public.messages WITH (security_invoker = true) AS SELECT * FROM public.comms_messages;
COMMENT ON VIEW public.messages IS 'retable: compatibility view for public.comms_messages; dropped by contract.sql';
REVOKE ALL ON public.messages FROM anon, authenticated, service_role;
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON public.messages TO anon;
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON public.messages TO authenticated;
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON public.messages TO service_role;
CREATE VIEW public.scheduled_messages WITH (security_invoker = true) AS SELECT * FROM public.comms_scheduled_messages;
COMMENT ON VIEW public.scheduled_messages IS 'retable: compatibility view for public.comms_scheduled_messages; dropped by contract.sql';
REVOKE ALL ON public.scheduled_messages FROM anon, authenticated, service_role;
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON public.scheduled_messages TO anon;
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON public.scheduled_messages TO authenticated;
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON public.scheduled_messages TO service_role;
CREATE VIEW public.email_logs WITH (security_invoker = true) AS SELECT * FROM public.comms_email_logs;
COMMENT ON VIEW public.email_logs IS 'retable: compatibility view for public.comms_email_logs; dropped by contract.sql';
REVOKE ALL ON public.email_logs FROM anon, authenticated, service_role;
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON public.email_logs TO anon;
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON public.email_logs TO authenticated;
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON public.email_logs TO service_role;
CREATE VIEW public.calls WITH (security_invoker = true) AS SELECT * FROM public.call_records;
COMMENT ON VIEW public.calls IS 'retable: compatibility view for public.call_records; dropped by contract.sql';
REVOKE ALL ON public.calls FROM anon, authenticated, service_role;
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON public.calls TO anon;
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON public.calls TO authenticated;
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON public.calls TO service_role;
CREATE VIEW public.transcripts WITH (security_invoker = true) AS SELECT * FROM public.call_transcripts;
COMMENT ON VIEW public.transcripts IS 'retable: compatibility view for public.call_transcripts; dropped by contract.sql';
REVOKE ALL ON public.transcripts FROM anon, authenticated, service_role;
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON public.transcripts TO anon;
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON public.transcripts TO authenticated;
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON public.transcripts TO service_role;
CREATE VIEW public.ai_jobs WITH (security_invoker = true) AS SELECT * FROM public.assistant_jobs;
COMMENT ON VIEW public.ai_jobs IS 'retable: compatibility view for public.assistant_jobs; dropped by contract.sql';
REVOKE ALL ON public.ai_jobs FROM anon, authenticated, service_role;
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON public.ai_jobs TO anon;
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON public.ai_jobs TO authenticated;
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON public.ai_jobs TO service_role;
CREATE VIEW public.stripe_customers WITH (security_invoker = true) AS SELECT * FROM public.billing_stripe_customers;
COMMENT ON VIEW public.stripe_customers IS 'retable: compatibility view for public.billing_stripe_customers; dropped by contract.sql';
REVOKE ALL ON public.stripe_customers FROM anon, authenticated, service_role;
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON public.stripe_customers TO anon;
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON public.stripe_customers TO authenticated;
GRANT DELETE, INSERT, REFERENCES, SELECT, TRIGGER, TRUNCATE, UPDATE ON public.stripe_customers TO service_role;

NOTIFY pgrst, 'reload schema';
COMMIT;
