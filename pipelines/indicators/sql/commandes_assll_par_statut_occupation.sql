-- ASSLL requests of the year by tenure status.
WITH n AS (
    SELECT statut_occupation AS cle, count(*) AS valeur
    FROM f_demandes()
    WHERE annee = $annee AND type_mesure = 'ASSLL'
    GROUP BY ALL
)
SELECT coalesce(k.cle, n.cle) AS cle, coalesce(n.valeur, 0) AS valeur
FROM domain_keys('statut_occupation') k
FULL JOIN n ON n.cle = k.cle
ORDER BY coalesce(k.ordre, 20000), 1;
