-- Mutualisations dated from $debut to $fin (both included), newest first: one row per measure lent
-- by one sector to another. The dashboard's sector and TAS filters keep a row when either sector matches.
SELECT date_mutualisation, id_mesure, secteur_origine, secteur_accueil
FROM f_mutualisations()
WHERE date_mutualisation BETWEEN $debut AND $fin
ORDER BY date_mutualisation DESC, id_mesure;
