-- Requests whose commune lies outside their sector: the sector entered differs from the default
-- sector of the commune (data/reference/communes_secteurs.csv), for the requests of the period
-- and filters in force. Identifiers only: no household, name or address.
SELECT id_demande,
       annee,
       type_mesure,
       secteur,
       secteur_commune
FROM f_demandes()
WHERE secteur IS NOT NULL
  AND secteur_commune IS NOT NULL
  AND secteur <> secteur_commune
  AND annee BETWEEN $debut AND $fin
ORDER BY secteur, secteur_commune, annee, id_demande;
