-- ASSLL measures open on 31 December of the year: begun by then, not ended by then.
SELECT count(*) AS valeur
FROM f_mesures()
WHERE type_mesure = 'ASSLL'
  AND date_debut <= make_date($annee, 12, 31)
  AND (date_fin IS NULL OR date_fin > make_date($annee, 12, 31));
