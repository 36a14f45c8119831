-- The three time-to-event cohorts (INDICATORS.md, « Durations and waiting times as time to
-- event »), over the filtered views of views.sql. One row per subject: its time in days
-- (`duree_jours`), whether the event happened by the as-of date d (`evenement`; otherwise the
-- subject is censored at `duree_jours`), the event's cause (`cause`, NULL when censored) and the
-- attributes a curve may be drawn by (`secteur`, `tas`, `instance`). A date after d is not seen.

-- 1. ASSLL measures started in year y (and by d). Event: the measure closed by d; cause: its motif.
CREATE OR REPLACE MACRO cohorte_mesures_debutees(y, d) AS TABLE
SELECT m.id_mesure AS sujet, y AS annee,
       coalesce(m.secteur, 'NON_RENSEIGNE') AS secteur, coalesce(m.tas, 'NON_RENSEIGNE') AS tas,
       coalesce(m.instance, 'NON_RENSEIGNE') AS instance,
       coalesce(m.date_fin <= d, false) AS evenement,
       CASE WHEN m.date_fin <= d THEN date_diff('day', m.date_debut, m.date_fin)
            ELSE date_diff('day', m.date_debut, d) END AS duree_jours,
       CASE WHEN m.date_fin <= d THEN coalesce(m.motif_arret, 'NON_RENSEIGNE') END AS cause
FROM f_mesures() m
WHERE m.type_mesure = 'ASSLL' AND year(m.date_debut) = y AND m.date_debut <= d;

-- 2. Accepted ASSLL requests (acceptance A = decision date, else request date, in y and by d)
-- waiting for their first measure to start. Event: the earliest start of the request's measures,
-- when by d (a measure started before its acceptance counts as a wait of 0 days).
CREATE OR REPLACE MACRO cohorte_attente_debut(y, d) AS TABLE
WITH acceptees AS (
    SELECT r.id_demande, coalesce(r.date_decision, r.date_demande) AS acceptation,
           r.secteur, r.tas, r.instance
    FROM f_demandes() r
    WHERE r.type_mesure = 'ASSLL' AND r.decision = 'ACCORD'
), premiers_debuts AS (
    SELECT id_demande, min(date_debut) AS debut FROM mesures GROUP BY id_demande
)
SELECT a.id_demande AS sujet, y AS annee,
       coalesce(a.secteur, 'NON_RENSEIGNE') AS secteur, coalesce(a.tas, 'NON_RENSEIGNE') AS tas,
       coalesce(a.instance, 'NON_RENSEIGNE') AS instance,
       coalesce(p.debut <= d, false) AS evenement,
       CASE WHEN p.debut <= d THEN greatest(0, date_diff('day', a.acceptation, p.debut))
            ELSE date_diff('day', a.acceptation, d) END AS duree_jours,
       CASE WHEN p.debut <= d THEN 'DEBUT' END AS cause
FROM acceptees a
LEFT JOIN premiers_debuts p ON p.id_demande = a.id_demande
WHERE year(a.acceptation) = y AND a.acceptation <= d;

-- 3. Requests (ASSLL and diagnostics) made in y (and by d) waiting for a decision. Event: a
-- decision other than EN_ATTENTE dated by d; cause: the decision. A request with a decision but
-- no decision date cannot be placed in time: it is left out. An empty decision is no decision.
CREATE OR REPLACE MACRO cohorte_delai_decision(y, d) AS TABLE
WITH demandes_annee AS (
    SELECT *, coalesce(decision NOT IN ('EN_ATTENTE', 'NON_RENSEIGNE'), false) AS decidee
    FROM f_demandes()
    WHERE annee = y AND date_demande <= d
)
SELECT id_demande AS sujet, y AS annee,
       coalesce(secteur, 'NON_RENSEIGNE') AS secteur, coalesce(tas, 'NON_RENSEIGNE') AS tas,
       coalesce(instance, 'NON_RENSEIGNE') AS instance,
       decidee AND date_decision <= d AS evenement,
       CASE WHEN decidee AND date_decision <= d THEN greatest(0, date_diff('day', date_demande, date_decision))
            ELSE date_diff('day', date_demande, d) END AS duree_jours,
       CASE WHEN decidee AND date_decision <= d THEN decision END AS cause
FROM demandes_annee
WHERE NOT (decidee AND date_decision IS NULL);
