-- Mutualisations of the year by the sector that lent out its request.
SELECT * FROM repartition('secteur', (
    SELECT list(secteur_origine) FROM f_mutualisations() WHERE annee = $annee
));
