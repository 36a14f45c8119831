-- Change of ASSLL requests against the previous year.
SELECT pct(n - p, p) AS valeur, n - p AS numerateur, p AS denominateur
FROM (
    SELECT count(*) FILTER (annee = $annee) AS n, count(*) FILTER (annee = $annee - 1) AS p
    FROM f_demandes()
    WHERE type_mesure = 'ASSLL'
);
