-- All requests of the year by EPCI (SIREN code) of the resolved commune.
WITH n AS (
    SELECT code_epci AS cle, count(*) AS valeur
    FROM f_demandes()
    WHERE annee = $annee
    GROUP BY ALL
)
SELECT coalesce(k.cle, n.cle) AS cle, coalesce(n.valeur, 0) AS valeur
FROM domain_keys('epci') k
FULL JOIN n ON n.cle = k.cle
ORDER BY coalesce(k.ordre, 20000), 1;
