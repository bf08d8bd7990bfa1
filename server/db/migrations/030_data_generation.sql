-- Aggregation cache invalidation: one data version, 'aggregates', that every
-- committed change to the data tables bumps. The NTM tables, planting tables and village
-- statistics are cached under it (server/ops/agg-cache.ts), so no answer is stale after a commit,
-- whichever process or script (seed, user CLI, another API replica) made the change.
--
-- How: a BEFORE ... FOR EACH STATEMENT trigger on each data table (attached at start-up by
-- server/ops/data-generation.ts, so tables of later migrations are covered too) notes once per
-- transaction that data changed, by inserting a marker row; a DEFERRED constraint trigger on the
-- marker bumps the version at commit. Bumping at commit keeps the version row's lock to the last
-- instant of the transaction: an earlier bump would hold it while the transaction takes other row
-- locks, and two writers taking them in opposite orders would deadlock.
INSERT INTO data_version (layer) VALUES ('aggregates') ON CONFLICT DO NOTHING;

CREATE TABLE data_change_marker (
  txid bigint PRIMARY KEY DEFAULT txid_current()
);

CREATE FUNCTION atlas_note_data_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- transaction-local flag: one marker (and one bump) per transaction, however many statements
  IF current_setting('atlas.data_changed', true) IS DISTINCT FROM 'yes' THEN
    PERFORM set_config('atlas.data_changed', 'yes', true);
    INSERT INTO data_change_marker DEFAULT VALUES ON CONFLICT DO NOTHING;
  END IF;
  RETURN NULL;
END $$;

CREATE FUNCTION atlas_bump_aggregates() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE data_version SET version = version + 1 WHERE layer = 'aggregates';
  DELETE FROM data_change_marker WHERE txid = NEW.txid;
  RETURN NULL;
END $$;

CREATE CONSTRAINT TRIGGER data_change_commit AFTER INSERT ON data_change_marker
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION atlas_bump_aggregates();
