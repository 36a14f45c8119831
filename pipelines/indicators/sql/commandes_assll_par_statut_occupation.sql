-- ASSLL requests of the year by tenure status.
SELECT * FROM repartition('statut_occupation', (
    SELECT list(statut_occupation) FROM f_demandes() WHERE annee = $annee AND type_mesure = 'ASSLL'
));
