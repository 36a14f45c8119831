-- ASSLL measures closed in the year.
SELECT count(*) AS valeur FROM f_clotures($annee);
