-- Measures (ASSLL and diagnostics) in progress at the date, by the social worker's sector.
SELECT * FROM repartition('secteur', (
    SELECT list(secteur_intervenant) FROM en_cours_a($date)
));
