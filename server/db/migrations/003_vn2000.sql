-- VN-2000 / TM-3 107-30: the provincial 3° zone of Kon Tum (central meridian 107°30′ E,
-- scale 0.9999, false easting 500 000 m, WGS 84 ellipsoid), as SRID 910730.
-- PostGIS ships the national zones (3405/3406, 5896-5899, 6956-6959) but not this one.
-- Parameters, sign convention and verification: docs/vn2000.md; TS twin: server/geo/vn2000.ts.
--
-- TOWGS84 / +towgs84 use the position-vector convention: the rotations are the EPSG
-- (coordinate-frame, EPSG:6960) values with their signs flipped, as in PostGIS's own EPSG:4756 row.
--
-- auth_name/auth_srid name the identical EPSG CRS (9216) rather than a private authority:
-- PGlite's PostGIS (3.6, PROJ 9.7) makes ST_Transform silently return no row when auth_name is an
-- authority PROJ does not know. PostGIS tries auth, then srtext, then proj4text; all three agree.
INSERT INTO spatial_ref_sys (srid, auth_name, auth_srid, srtext, proj4text)
VALUES (
  910730,
  'EPSG',
  9216,
  'PROJCS["VN-2000 / TM-3 107-30",'
    || 'GEOGCS["VN-2000",DATUM["Vietnam_2000",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],'
    || 'TOWGS84[-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278],'
    || 'AUTHORITY["EPSG","6756"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],'
    || 'UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4756"]],'
    || 'PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",107.5],'
    || 'PARAMETER["scale_factor",0.9999],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],'
    || 'UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Easting",EAST],AXIS["Northing",NORTH]]',
  '+proj=tmerc +lat_0=0 +lon_0=107.5 +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 '
    || '+towgs84=-191.90441429,-39.30318279,-111.45032835,0.00928836,-0.01975479,0.00427372,0.252906278 '
    || '+units=m +no_defs'
)
ON CONFLICT (srid) DO NOTHING;
