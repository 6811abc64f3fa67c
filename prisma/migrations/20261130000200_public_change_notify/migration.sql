-- Every write that changes what the public sees notifies the web processes (LISTEN
-- herald_public_change), which rebuild their cached snapshot. NOTIFY is delivered at commit, once
-- per transaction for identical payloads. A trigger cannot be forgotten by a new use case.
CREATE FUNCTION herald_notify_public_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('herald_public_change', TG_ARGV[0]);
  RETURN NULL;
END
$$;

CREATE TRIGGER "page_settings_public_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "page_settings"
  FOR EACH STATEMENT EXECUTE FUNCTION herald_notify_public_change('page');
CREATE TRIGGER "component_group_public_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "component_group"
  FOR EACH STATEMENT EXECUTE FUNCTION herald_notify_public_change('page');
CREATE TRIGGER "component_public_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "component"
  FOR EACH STATEMENT EXECUTE FUNCTION herald_notify_public_change('page');
CREATE TRIGGER "component_status_change_public_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "component_status_change"
  FOR EACH STATEMENT EXECUTE FUNCTION herald_notify_public_change('page');
CREATE TRIGGER "incident_public_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "incident"
  FOR EACH STATEMENT EXECUTE FUNCTION herald_notify_public_change('page');
CREATE TRIGGER "incident_component_public_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "incident_component"
  FOR EACH STATEMENT EXECUTE FUNCTION herald_notify_public_change('page');
CREATE TRIGGER "incident_update_public_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "incident_update"
  FOR EACH STATEMENT EXECUTE FUNCTION herald_notify_public_change('page');
CREATE TRIGGER "incident_update_component_public_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "incident_update_component"
  FOR EACH STATEMENT EXECUTE FUNCTION herald_notify_public_change('page');
CREATE TRIGGER "metric_public_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "metric"
  FOR EACH STATEMENT EXECUTE FUNCTION herald_notify_public_change('page');
-- Metric points arrive often (every 30 s from the worker itself): a channel of their own lets the
-- page's graphs refresh without rebuilding everything else.
CREATE TRIGGER "metric_point_public_change" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "metric_point"
  FOR EACH STATEMENT EXECUTE FUNCTION herald_notify_public_change('metrics');
