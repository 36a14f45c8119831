-- All requests (ASSLL and diagnostics) received in the year.
SELECT count(*) AS valeur
FROM f_demandes()
WHERE annee = $annee;
