-- Examinations where the GTS asked the referring social worker for more information.
SELECT count(*) AS valeur FROM f_passages() WHERE annee = $annee AND decision_gts = 'COMPLEMENT';
