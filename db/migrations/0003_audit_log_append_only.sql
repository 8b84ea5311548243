-- audit_log is append-only: any UPDATE, DELETE or TRUNCATE of it fails, whatever the caller (a bug
-- in the app, a script, a cascade). Statement-level, so even a statement that would touch no row
-- fails. Written to be re-applied as it is (CREATE OR REPLACE, DROP … IF EXISTS) should the
-- migration be renumbered; works on PostgreSQL 15 and PGlite.
CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = '42501';
END;
$$;
--> statement-breakpoint
DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log;
--> statement-breakpoint
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
