-- Share of all requests of the year located in an agglomeration (data/reference/epci_agglomerations.csv);
-- requests whose commune is unknown stay in the denominator.
SELECT pct(num, den) AS valeur, num AS numerateur, den AS denominateur
FROM (
    SELECT count(*) FILTER (code_epci IN (SELECT code_epci FROM ref_epci WHERE agglomeration)) AS num, count(*) AS den
    FROM f_demandes()
    WHERE annee = $annee
);
