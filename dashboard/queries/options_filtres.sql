-- The values each sidebar filter offers, in display order.
SELECT 'secteur' AS filtre, secteur AS valeur, ordre FROM ref_secteurs
UNION ALL SELECT 'tas', valeur, ordre FROM ref_valeurs WHERE domaine = 'tas'
UNION ALL SELECT 'epci', code_epci, row_number() OVER (ORDER BY epci) FROM ref_epci
UNION ALL SELECT 'type', valeur, ordre FROM ref_valeurs WHERE domaine = 'type_mesure'
UNION ALL SELECT 'prescripteur', valeur, ordre FROM ref_valeurs WHERE domaine = 'prescripteur'
UNION ALL SELECT 'instance', valeur, ordre FROM ref_valeurs WHERE domaine = 'instance'
ORDER BY filtre, ordre;
