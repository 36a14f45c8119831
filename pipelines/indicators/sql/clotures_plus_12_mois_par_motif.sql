-- ASSLL closures of the year that lasted more than 12 months, by closure reason.
SELECT * FROM repartition('motif_arret', (
    SELECT list(motif_arret) FROM f_clotures($annee) WHERE duree_mois > 12
));
