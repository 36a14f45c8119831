-- ASSLL requests of the year whose joint evaluation is recorded (OUI or NON).
SELECT count(*) AS valeur
FROM f_demandes()
WHERE annee = $annee AND type_mesure = 'ASSLL' AND evaluation_conjointe IN ('OUI', 'NON');
