-- All requests of the year by territoire d'action sociale.
WITH n AS (
    SELECT tas AS cle, count(*) AS valeur
    FROM f_demandes()
    WHERE annee = $annee
    GROUP BY ALL
)
SELECT coalesce(k.cle, n.cle) AS cle, coalesce(n.valeur, 0) AS valeur
FROM domain_keys('tas') k
FULL JOIN n ON n.cle = k.cle
ORDER BY coalesce(k.ordre, 20000), 1;
