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
    SELECT id_demande, acceptation, secteur, tas, instance
    FROM (SELECT *, coalesce(date_decision, date_demande) AS acceptation FROM f_demandes())
    WHERE type_mesure = 'ASSLL' AND decision = 'ACCORD' AND year(acceptation) = y AND acceptation <= d
), premiers_debuts AS (
    -- Only the measures of the cohort's requests: much less to aggregate than every measure.
    SELECT a.*, min(m.date_debut) AS debut
    FROM acceptees a
    LEFT JOIN mesures m ON m.id_demande = a.id_demande
    GROUP BY ALL
)
SELECT id_demande AS sujet, y AS annee,
       coalesce(secteur, 'NON_RENSEIGNE') AS secteur, coalesce(tas, 'NON_RENSEIGNE') AS tas,
       coalesce(instance, 'NON_RENSEIGNE') AS instance,
       coalesce(debut <= d, false) AS evenement,
       CASE WHEN debut <= d THEN greatest(0, date_diff('day', acceptation, debut))
            ELSE date_diff('day', acceptation, d) END AS duree_jours,
       CASE WHEN debut <= d THEN 'DEBUT' END AS cause
FROM premiers_debuts;

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
