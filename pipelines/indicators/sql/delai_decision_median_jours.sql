-- Cohort 3 of the time-to-event section: requests of the year waiting for a decision.
SELECT * FROM cohorte_delai_decision($annee, $date);
