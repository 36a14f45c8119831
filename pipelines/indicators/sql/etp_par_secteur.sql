-- Full-time equivalents in force in the year, by sector.
SELECT s.secteur AS cle, coalesce(e.etp, 0) AS valeur
FROM ref_secteurs s
LEFT JOIN etp_annee($annee) e ON e.secteur = s.secteur
ORDER BY s.ordre;
