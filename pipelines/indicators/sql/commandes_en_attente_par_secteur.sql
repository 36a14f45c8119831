-- Accepted ASSLL requests waiting at the date for their measure to start, by sector.
SELECT * FROM repartition('secteur', (
    SELECT list(secteur) FROM en_attente_a($date)
));
