-- Measures lent from one sector to another in the year.
SELECT count(*) AS valeur FROM f_mutualisations() WHERE annee = $annee;
