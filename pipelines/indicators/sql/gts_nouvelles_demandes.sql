-- New requests examined at the GTS in the year.
SELECT count(*) AS valeur FROM f_passages() WHERE annee = $annee AND objet = 'NOUVELLE_DEMANDE';
