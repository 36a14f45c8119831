-- GTS examinations of the year by the decision taken.
SELECT * FROM repartition('decision_gts', (
    SELECT list(decision_gts) FROM f_passages() WHERE annee = $annee
));
