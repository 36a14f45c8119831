-- Mutualisations of the year by the sector whose social worker took the measure.
SELECT * FROM repartition('secteur', (
    SELECT list(secteur_accueil) FROM f_mutualisations() WHERE annee = $annee
));
