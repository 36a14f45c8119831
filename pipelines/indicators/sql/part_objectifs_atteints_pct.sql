-- Objectives attained or partly attained, among the closures where work was possible.
SELECT pct(num, den) AS valeur, num AS numerateur, den AS denominateur
FROM (
    SELECT count(*) FILTER (resultat_objectifs IN ('ATTEINTS', 'PARTIELLEMENT_ATTEINTS')) AS num,
           count(*) AS den
    FROM f_clotures($annee)
    WHERE motif_arret = 'TRAVAIL_POSSIBLE'
);
