-- Share of the diagnostic requests of the year made by an FSL commission (catch-all prescripteurs in the
-- denominator).
SELECT pct(num, den) AS valeur, num AS numerateur, den AS denominateur
FROM (
    SELECT count(*) FILTER (prescripteur = 'COMMISSION_FSL') AS num, count(*) AS den
    FROM f_demandes()
    WHERE annee = $annee AND type_mesure = 'DIAGNOSTIC'
);
