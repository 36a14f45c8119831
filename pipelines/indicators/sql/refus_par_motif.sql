-- ASSLL requests refused, by year of the decision, by reason.
WITH n AS (
    SELECT motif_refus AS cle, count(*) AS valeur
    FROM f_demandes()
    WHERE type_mesure = 'ASSLL' AND decision = 'REFUS' AND year(date_decision) = $annee
    GROUP BY ALL
)
SELECT coalesce(k.cle, n.cle) AS cle, coalesce(n.valeur, 0) AS valeur
FROM domain_keys('motif_refus') k
FULL JOIN n ON n.cle = k.cle
ORDER BY coalesce(k.ordre, 20000), 1;
