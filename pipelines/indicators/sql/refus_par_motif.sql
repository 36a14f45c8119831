-- ASSLL requests refused, by year of the decision, by reason.
SELECT * FROM repartition('motif_refus', (
    SELECT list(motif_refus) FROM f_demandes()
    WHERE type_mesure = 'ASSLL' AND decision = 'REFUS' AND year(date_decision) = $annee
));
