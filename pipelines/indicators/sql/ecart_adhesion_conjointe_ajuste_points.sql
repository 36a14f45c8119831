-- Adjusted gap of a joint evaluation (OUI against NON): the model sample whose request says either, with
-- the covariates of the FSL/GTS model plus the request's instance (see ecart_adhesion_fsl_gts_ajuste_points).
SELECT adhesion, evaluation_conjointe = 'OUI' AS exposition, statut_occupation, objectif, secteur, annee, instance
FROM echantillon_adhesion($annee)
WHERE evaluation_conjointe IN ('OUI', 'NON');
