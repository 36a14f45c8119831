-- Examinations where the GTS asked for a diagnostic.
SELECT count(*) AS valeur FROM f_passages() WHERE annee = $annee AND decision_gts = 'DIAGNOSTIC';
