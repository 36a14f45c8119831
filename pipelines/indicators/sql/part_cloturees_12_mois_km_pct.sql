-- Cohort 1 of the time-to-event section: ASSLL measures started in the year, followed to the date.
SELECT * FROM cohorte_mesures_debutees($annee, $date);
