-- Share of all requests of the year located in CA du Grand Angoulême or CA du Grand Cognac;
-- requests whose commune is unknown stay in the denominator.
SELECT pct(num, den) AS valeur, num AS numerateur, den AS denominateur
FROM (
    SELECT count(*) FILTER (code_epci IN ('200071827', '200070514')) AS num, count(*) AS den
    FROM f_demandes()
    WHERE annee = $annee
);
