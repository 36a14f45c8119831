-- Adhesion and targeting (INDICATORS.md, « Adhesion and targeting »), over the filtered views of
-- views.sql. The window is the three calendar years ending in y, by the closure's date_fin.

-- ASSLL closures of the window, with the request's profile (NON_RENSEIGNE where the request has none).
CREATE OR REPLACE MACRO clotures_fenetre(y) AS TABLE
SELECT id_mesure, annee_fin AS annee,
       coalesce(motif_arret, 'NON_RENSEIGNE') AS motif_arret,
       coalesce(instance, 'NON_RENSEIGNE') AS instance,
       coalesce(prescripteur, 'NON_RENSEIGNE') AS prescripteur,
       coalesce(dispositif, 'NON_RENSEIGNE') AS dispositif,
       coalesce(aide_financiere, 'NON_RENSEIGNE') AS aide_financiere,
       coalesce(statut_occupation, 'NON_RENSEIGNE') AS statut_occupation,
       coalesce(objectif, 'NON_RENSEIGNE') AS objectif,
       coalesce(secteur, 'NON_RENSEIGNE') AS secteur,
       coalesce(evaluation_conjointe, 'NON_RENSEIGNE') AS evaluation_conjointe
FROM f_mesures()
WHERE type_mesure = 'ASSLL' AND annee_fin BETWEEN y - 2 AND y;

-- The model sample: closures of the window with a known motif; adhesion = TRAVAIL_POSSIBLE.
CREATE OR REPLACE MACRO echantillon_adhesion(y) AS TABLE
SELECT *, motif_arret = 'TRAVAIL_POSSIBLE' AS adhesion
FROM clotures_fenetre(y)
WHERE motif_arret IN ('TRAVAIL_POSSIBLE', 'TRAVAIL_NON_POSSIBLE', 'LIMITES_INTERVENTION');
