-- The nearest village of every lô with its geodesic distance, kept for the site finder's access
-- score and distance column. Neither lô nor villages change through the API; whatever loads them
-- (the demo seed, gen:scale, an importer) calls atlas_refresh_plot_access() in its transaction.
-- Computing it per search cost a KNN lookup plus a geodesic distance per lô (3.7 s for the
-- province's 25,775 demo lô).
CREATE TABLE forest_plot_access (
  plot_id       bigint PRIMARY KEY REFERENCES forest_plot (id) ON DELETE CASCADE,
  village_code  text REFERENCES village (code) ON DELETE SET NULL,
  village_m     double precision
);

-- Fills the rows of lô that have none (all of them after a reload): four candidates by the
-- village index (KNN), then the geodesic distance. Returns the number of lô filled.
CREATE OR REPLACE FUNCTION atlas_refresh_plot_access() RETURNS bigint
LANGUAGE sql VOLATILE
AS $$
  WITH filled AS (
    INSERT INTO forest_plot_access (plot_id, village_code, village_m)
    SELECT p.id, nv.code, nv.d
    FROM forest_plot p
    LEFT JOIN LATERAL (
      SELECT k.code, ST_Distance(k.geom::geography, p.geom::geography) AS d
      FROM (SELECT v.code, v.geom FROM village v ORDER BY v.geom <-> p.geom LIMIT 4) k
      ORDER BY d, k.code LIMIT 1
    ) nv ON true
    WHERE NOT EXISTS (SELECT 1 FROM forest_plot_access a WHERE a.plot_id = p.id)
    RETURNING 1
  )
  SELECT count(*) FROM filled
$$;

-- A database that already holds lô gets their nearest villages now (nothing to do on a new one).
SELECT atlas_refresh_plot_access();
