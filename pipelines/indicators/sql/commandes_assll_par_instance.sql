-- ASSLL requests of the year by the instance that examined them.
SELECT * FROM repartition('instance', (
    SELECT list(instance) FROM f_demandes() WHERE annee = $annee AND type_mesure = 'ASSLL'
));
