-- Full-time equivalents of ASSLL social workers in force in the year.
SELECT coalesce(sum(etp), 0) AS valeur FROM etp_annee($annee);
