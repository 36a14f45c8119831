-- GTS examinations of the year by object (new request, review, return of diagnostic, complement).
SELECT * FROM repartition('objet', (
    SELECT list(objet) FROM f_passages() WHERE annee = $annee
));
