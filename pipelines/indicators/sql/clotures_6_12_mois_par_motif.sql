-- ASSLL closures of the year that lasted from 6 to 12 months (both included), by closure reason.
SELECT * FROM repartition('motif_arret', (
    SELECT list(motif_arret) FROM f_clotures($annee) WHERE duree_mois >= 6 AND duree_mois <= 12
));
