-- ASSLL requests received in the year.
SELECT count(*) AS valeur
FROM f_demandes()
WHERE annee = $annee AND type_mesure = 'ASSLL';
