-- Mean duration in months (days / 30.4375) of the ASSLL measures closed in the year.
SELECT avg(duree_mois) AS valeur, sum(duree_jours) AS numerateur, count(*) AS denominateur
FROM f_clotures($annee);
