-- Diagnostic requests of the year by prescripteur.
SELECT * FROM repartition('prescripteur', (
    SELECT list(prescripteur) FROM f_demandes() WHERE annee = $annee AND type_mesure = 'DIAGNOSTIC'
));
