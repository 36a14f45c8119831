-- All requests of the year by ASSLL sector.
WITH n AS (
    SELECT secteur AS cle, count(*) AS valeur
    FROM f_demandes()
    WHERE annee = $annee
    GROUP BY ALL
)
SELECT coalesce(k.cle, n.cle) AS cle, coalesce(n.valeur, 0) AS valeur
FROM domain_keys('secteur') k
FULL JOIN n ON n.cle = k.cle
ORDER BY coalesce(k.ordre, 20000), 1;
