-- Measures lasting less than 6 months, among the closures where work was not possible.
SELECT pct(num, den) AS valeur, num AS numerateur, den AS denominateur
FROM (
    SELECT count(*) FILTER (duree_mois < 6) AS num, count(*) AS den
    FROM f_clotures($annee)
    WHERE motif_arret = 'TRAVAIL_NON_POSSIBLE'
);
