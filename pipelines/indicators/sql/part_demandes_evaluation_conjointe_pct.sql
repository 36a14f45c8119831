-- Joint evaluation done, among the ASSLL requests of the year where it is recorded (an empty cell is not
-- « non »: NON_RENSEIGNE and NON_RECONNU are left out of this denominator).
SELECT pct(num, den) AS valeur, num AS numerateur, den AS denominateur
FROM (
    SELECT count(*) FILTER (evaluation_conjointe = 'OUI') AS num,
           count(*) FILTER (evaluation_conjointe IN ('OUI', 'NON')) AS den
    FROM f_demandes()
    WHERE annee = $annee AND type_mesure = 'ASSLL'
);
