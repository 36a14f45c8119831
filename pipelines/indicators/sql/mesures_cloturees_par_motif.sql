-- ASSLL measures closed in the year, by closure reason.
SELECT * FROM repartition('motif_arret', (
    SELECT list(motif_arret) FROM f_clotures($annee)
));
