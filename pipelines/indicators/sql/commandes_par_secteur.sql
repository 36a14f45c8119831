-- All requests of the year by ASSLL sector.
SELECT * FROM repartition('secteur', (
    SELECT list(secteur) FROM f_demandes() WHERE annee = $annee
));
