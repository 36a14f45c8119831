-- All requests of the year by commune of residence (2024 INSEE code after resolution).
SELECT * FROM repartition('commune', (
    SELECT list(coalesce(code_insee, code_epci)) FROM f_demandes() WHERE annee = $annee
));
