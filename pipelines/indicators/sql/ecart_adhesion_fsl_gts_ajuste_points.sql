-- Adjusted FSL/GTS gap: the same sample with the covariates of the model (each column after `exposition`
-- is a categorical covariate named after its domain; `annee` is the closure year). adhesion.py fits the
-- logistic regression (logit.py) and averages the discrete change of the exposition.
SELECT adhesion, instance = 'COMMISSION_FSL' AS exposition, statut_occupation, objectif, secteur, annee
FROM echantillon_adhesion($annee)
WHERE instance IN ('COMMISSION_FSL', 'GTS');
