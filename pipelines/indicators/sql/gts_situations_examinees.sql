-- Situations examined at the GTS meetings of the year.
SELECT count(*) AS valeur FROM f_passages() WHERE annee = $annee;
