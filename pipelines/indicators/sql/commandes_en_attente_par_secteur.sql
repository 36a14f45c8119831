-- Accepted ASSLL requests waiting at the date for their measure to start, by sector.
WITH n AS (
    SELECT secteur AS cle, count(*) AS valeur
    FROM en_attente_a($date)
    GROUP BY ALL
)
SELECT coalesce(k.cle, n.cle) AS cle, coalesce(n.valeur, 0) AS valeur
FROM domain_keys('secteur') k
FULL JOIN n ON n.cle = k.cle
ORDER BY coalesce(k.ordre, 20000), 1;
