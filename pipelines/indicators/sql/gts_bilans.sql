-- Reviews (bilans) of measures examined at the GTS in the year.
SELECT count(*) AS valeur FROM f_passages() WHERE annee = $annee AND objet = 'BILAN';
