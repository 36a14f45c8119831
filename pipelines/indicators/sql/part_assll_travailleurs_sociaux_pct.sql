-- Share of the ASSLL requests of the year made by a social worker (catch-all prescripteurs in the denominator).
SELECT pct(num, den) AS valeur, num AS numerateur, den AS denominateur
FROM (
    SELECT count(*) FILTER (prescripteur = 'TRAVAILLEUR_SOCIAL') AS num, count(*) AS den
    FROM f_demandes()
    WHERE annee = $annee AND type_mesure = 'ASSLL'
);
