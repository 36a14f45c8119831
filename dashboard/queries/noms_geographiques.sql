-- Names of EPCI and communes, for labels.
SELECT 'epci' AS domaine, code_epci AS code, epci AS nom FROM ref_epci
UNION ALL SELECT 'commune', code_insee, commune FROM ref_communes;
