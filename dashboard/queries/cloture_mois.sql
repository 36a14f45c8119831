-- The months of a year each kind of export covers (a record counts for the month of each of its dates).
SELECT 'demandes' AS table_export, month(date_demande) AS mois, count(*) AS enregistrements
FROM demandes WHERE year(date_demande) = $annee GROUP BY ALL
UNION ALL
SELECT 'mesures', month(d), count(*)
FROM (SELECT date_debut AS d FROM mesures UNION ALL SELECT date_fin FROM mesures) WHERE year(d) = $annee GROUP BY ALL
UNION ALL
SELECT 'passages_gts', month(date_seance), count(*)
FROM passages_gts WHERE year(date_seance) = $annee GROUP BY ALL
UNION ALL
SELECT 'mutualisations', month(date_mutualisation), count(*)
FROM mutualisations WHERE year(date_mutualisation) = $annee GROUP BY ALL
ORDER BY table_export, mois;
