-- ASSLL measures closed in the year, by closure reason.
WITH n AS (
    SELECT motif_arret AS cle, count(*) AS valeur
    FROM f_clotures($annee)
    GROUP BY ALL
)
SELECT coalesce(k.cle, n.cle) AS cle, coalesce(n.valeur, 0) AS valeur
FROM domain_keys('motif_arret') k
FULL JOIN n ON n.cle = k.cle
ORDER BY coalesce(k.ordre, 20000), 1;
