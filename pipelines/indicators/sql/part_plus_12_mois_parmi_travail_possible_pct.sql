-- Measures lasting more than 12 months, among the closures where work was possible.
SELECT pct(num, den) AS valeur, num AS numerateur, den AS denominateur
FROM (
    SELECT count(*) FILTER (duree_mois > 12) AS num, count(*) AS den
    FROM f_clotures($annee)
    WHERE motif_arret = 'TRAVAIL_POSSIBLE'
);
