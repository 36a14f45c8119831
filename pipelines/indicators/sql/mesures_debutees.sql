-- ASSLL measures that started in the year.
SELECT count(*) AS valeur FROM f_mesures() WHERE type_mesure = 'ASSLL' AND year(date_debut) = $annee;
