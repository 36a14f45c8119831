-- ASSLL requests of the year by main objective (the first of the cell).
SELECT * FROM repartition('objectif', (
    SELECT list(objectif) FROM f_demandes() WHERE annee = $annee AND type_mesure = 'ASSLL'
));
