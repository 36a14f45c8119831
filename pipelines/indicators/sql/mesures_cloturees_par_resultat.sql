-- ASSLL closures of the year where work was possible, by attainment of the objectives.
SELECT * FROM repartition('resultat_objectifs', (
    SELECT list(resultat_objectifs) FROM f_clotures($annee) WHERE motif_arret = 'TRAVAIL_POSSIBLE'
));
