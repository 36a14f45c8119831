-- All requests of the year by territoire d'action sociale.
SELECT * FROM repartition('tas', (
    SELECT list(tas) FROM f_demandes() WHERE annee = $annee
));
