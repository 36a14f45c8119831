-- Reviews ending in a renewal.
SELECT count(*) AS valeur
FROM f_passages()
WHERE annee = $annee AND objet = 'BILAN' AND decision_gts = 'RENOUVELLEMENT';
