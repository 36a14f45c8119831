-- Views shared by every indicator: the warehouse tables enriched once, and the dashboard's
-- filters applied in one place. Filters are session variables set from bound parameters
-- (f_secteurs, f_tas, f_epci, f_types, f_prescripteurs, f_instances): a NULL or empty
-- list keeps everything.

CREATE OR REPLACE MACRO keep(allowed, value) AS
    (allowed IS NULL OR len(allowed) = 0 OR list_contains(allowed, value));

CREATE OR REPLACE VIEW v_demandes AS
SELECT d.*,
       year(d.date_demande) AS annee,
       coalesce(g.groupe, CASE WHEN d.dispositif IN ('NON_RECONNU', 'NON_RENSEIGNE') THEN d.dispositif
                               ELSE 'NON_RECONNU' END) AS groupe_dispositif
FROM demandes d
LEFT JOIN ref_groupes_dispositif g ON g.dispositif = d.dispositif;

-- One row per measure with the attributes of its request (NULL when the request is unknown).
CREATE OR REPLACE VIEW v_mesures AS
SELECT m.*,
       d.type_mesure, d.instance, d.aide_financiere, d.secteur, d.tas, d.code_epci, d.prescripteur,
       d.dispositif, d.statut_occupation, d.objectif, d.evaluation_conjointe,
       year(m.date_fin) AS annee_fin,
       date_diff('day', m.date_debut, m.date_fin) AS duree_jours,
       date_diff('day', m.date_debut, m.date_fin) / 30.4375 AS duree_mois
FROM mesures m
LEFT JOIN demandes d ON d.id_demande = m.id_demande;

-- One row per GTS examination, linked to its request directly or through its measure.
CREATE OR REPLACE VIEW v_passages AS
SELECT p.*,
       year(p.date_seance) AS annee,
       d.type_mesure, d.instance, d.secteur, d.tas, d.code_epci, d.prescripteur
FROM passages_gts p
LEFT JOIN mesures m ON m.id_mesure = p.id_mesure
LEFT JOIN demandes d ON d.id_demande = coalesce(p.id_demande, m.id_demande);

CREATE OR REPLACE VIEW v_mutualisations AS
SELECT u.*, year(u.date_mutualisation) AS annee
FROM mutualisations u;

CREATE OR REPLACE MACRO request_filters(secteur, tas, code_epci, type_mesure, prescripteur, instance) AS
    keep(getvariable('f_secteurs'), secteur) AND keep(getvariable('f_tas'), tas)
    AND keep(getvariable('f_epci'), code_epci) AND keep(getvariable('f_types'), type_mesure)
    AND keep(getvariable('f_prescripteurs'), prescripteur) AND keep(getvariable('f_instances'), instance);

CREATE OR REPLACE MACRO f_demandes() AS TABLE
SELECT * FROM v_demandes
WHERE request_filters(secteur, tas, code_epci, type_mesure, prescripteur, instance);

CREATE OR REPLACE MACRO f_mesures() AS TABLE
SELECT * FROM v_mesures
WHERE request_filters(secteur, tas, code_epci, type_mesure, prescripteur, instance);

CREATE OR REPLACE MACRO f_passages() AS TABLE
SELECT * FROM v_passages
WHERE request_filters(secteur, tas, code_epci, type_mesure, prescripteur, instance);

-- A mutualisation concerns the two sectors it links.
CREATE OR REPLACE MACRO f_mutualisations() AS TABLE
SELECT u.* FROM v_mutualisations u
LEFT JOIN ref_secteurs so ON so.secteur = u.secteur_origine
LEFT JOIN ref_secteurs sa ON sa.secteur = u.secteur_accueil
WHERE (keep(getvariable('f_secteurs'), u.secteur_origine) OR keep(getvariable('f_secteurs'), u.secteur_accueil))
  AND (keep(getvariable('f_tas'), so.tas) OR keep(getvariable('f_tas'), sa.tas));

-- Closures that the closure, result and duration indicators count: ASSLL measures only.
CREATE OR REPLACE MACRO f_clotures(y) AS TABLE
SELECT * FROM f_mesures() WHERE type_mesure = 'ASSLL' AND annee_fin = y;

-- Every key of a breakdown: the canonical values in order, then the two catch-all keys.
CREATE OR REPLACE MACRO domain_keys(d) AS TABLE
SELECT valeur AS cle, ordre FROM ref_valeurs WHERE domaine = d
UNION ALL SELECT 'NON_RECONNU', 10000
UNION ALL SELECT 'NON_RENSEIGNE', 10001;

-- Sector balance at a date D (INDICATORS.md, "Means and sector balance").
CREATE OR REPLACE MACRO en_attente_a(d) AS TABLE
SELECT r.* FROM f_demandes() r
WHERE r.type_mesure = 'ASSLL' AND r.decision = 'ACCORD'
  AND coalesce(r.date_decision, r.date_demande) <= d
  AND NOT EXISTS (SELECT 1 FROM mesures m WHERE m.id_demande = r.id_demande AND m.date_debut <= d);

CREATE OR REPLACE MACRO en_cours_a(d) AS TABLE
SELECT * FROM f_mesures()
WHERE date_debut <= d AND (date_fin IS NULL OR date_fin > d);

-- ETP in force in year y: each sector's row with the latest annee_debut <= y, for the sectors kept by
-- the sector and TAS filters (the other filters do not apply to means: see filtres_ignores.csv).
CREATE OR REPLACE MACRO etp_annee(y) AS TABLE
SELECT e.secteur, arg_max(e.etp, e.annee_debut) AS etp
FROM ref_etp e LEFT JOIN ref_secteurs s ON s.secteur = e.secteur
WHERE e.annee_debut <= y AND keep(getvariable('f_secteurs'), e.secteur) AND keep(getvariable('f_tas'), s.tas)
GROUP BY e.secteur;

-- A share in percent, NULL when there is nothing to divide by.
CREATE OR REPLACE MACRO pct(num, den) AS CASE WHEN den = 0 THEN NULL ELSE 100.0 * num / den END;

-- A breakdown: every key of domain d (0 where none) with the count of each value in `cles`;
-- values outside the domain keep their own key, so nothing is hidden.
CREATE OR REPLACE MACRO repartition(d, cles) AS TABLE
WITH n AS (
    SELECT c AS cle, count(*) AS valeur FROM (SELECT unnest(cles) AS c) GROUP BY ALL
)
SELECT coalesce(k.cle, n.cle) AS cle, coalesce(n.valeur, 0) AS valeur
FROM domain_keys(d) k
FULL JOIN n ON n.cle = k.cle
ORDER BY coalesce(k.ordre, 20000), 1;
