-- One district's programme capital for its panel: $1 district code. Every year with figures, as a
-- JSON array (2022, 2023 …), with where each figure comes from.
SELECT d.code, d.name, d.kind,
       (SELECT json_agg(json_build_object('year', c.year, 'allocated_pct', c.allocated_pct::float8,
                                          'disbursed_pct', c.disbursed_pct::float8, 'as_of', c.as_of::text,
                                          'source', c.allocated_source) ORDER BY c.year)::text
        FROM programme_capital c WHERE c.district_code = d.code) AS years
FROM admin_unit d
WHERE d.code = $1::text AND d.level = 'district'
