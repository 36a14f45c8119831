-- ASSLL requests of the year by group of dispositifs (data/reference/groupes_dispositif.csv).
WITH n AS (
    SELECT groupe_dispositif AS cle, count(*) AS valeur
    FROM f_demandes()
    WHERE annee = $annee AND type_mesure = 'ASSLL'
    GROUP BY ALL
)
SELECT coalesce(k.cle, n.cle) AS cle, coalesce(n.valeur, 0) AS valeur
FROM domain_keys('groupe_dispositif') k
FULL JOIN n ON n.cle = k.cle
ORDER BY coalesce(k.ordre, 20000), 1;
