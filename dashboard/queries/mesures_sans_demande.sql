-- Measures whose request is in none of the exports (identifiers and start year only).
SELECT id_mesure,
       id_demande,
       year(date_debut) AS annee_debut
FROM mesures
WHERE NOT demande_connue
ORDER BY id_mesure;
