-- Cohort 2 of the time-to-event section: ASSLL requests accepted in the year, waiting for their measure.
SELECT * FROM cohorte_attente_debut($annee, $date);
