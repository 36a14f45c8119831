-- Work possible, among the closures whose request was decided by the GTS.
SELECT pct(num, den) AS valeur, num AS numerateur, den AS denominateur
FROM (
    SELECT count(*) FILTER (motif_arret = 'TRAVAIL_POSSIBLE') AS num, count(*) AS den
    FROM f_clotures($annee)
    WHERE instance = 'GTS'
);
