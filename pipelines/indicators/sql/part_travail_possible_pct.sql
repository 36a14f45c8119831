-- Closures of the year where the work could be done, among all ASSLL closures of the year.
SELECT pct(num, den) AS valeur, num AS numerateur, den AS denominateur
FROM (
    SELECT count(*) FILTER (motif_arret = 'TRAVAIL_POSSIBLE') AS num, count(*) AS den
    FROM f_clotures($annee)
);
