-- Years with data: requests, GTS examinations and closures.
SELECT DISTINCT annee FROM (
    SELECT year(date_demande) AS annee FROM demandes
    UNION ALL SELECT year(date_seance) FROM passages_gts
    UNION ALL SELECT year(date_fin) FROM mesures
)
WHERE annee IS NOT NULL
ORDER BY annee;
