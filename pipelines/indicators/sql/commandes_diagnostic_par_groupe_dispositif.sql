-- Diagnostic requests of the year by group of dispositifs.
SELECT * FROM repartition('groupe_dispositif', (
    SELECT list(groupe_dispositif) FROM f_demandes() WHERE annee = $annee AND type_mesure = 'DIAGNOSTIC'
));
