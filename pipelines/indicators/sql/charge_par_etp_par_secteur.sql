-- (Measures in progress + accepted requests waiting) per ETP of each sector, at the date.
WITH en_cours AS (
    SELECT secteur_intervenant AS secteur, count(*) AS n FROM en_cours_a($date) GROUP BY ALL
), attente AS (
    SELECT secteur, count(*) AS n FROM en_attente_a($date) GROUP BY ALL
)
SELECT s.secteur AS cle,
       CASE WHEN e.etp > 0 THEN (coalesce(c.n, 0) + coalesce(a.n, 0)) / e.etp END AS valeur,
       coalesce(c.n, 0) + coalesce(a.n, 0) AS numerateur,
       e.etp AS denominateur
FROM ref_secteurs s
LEFT JOIN etp_annee(year($date)) e ON e.secteur = s.secteur
LEFT JOIN en_cours c ON c.secteur = s.secteur
LEFT JOIN attente a ON a.secteur = s.secteur
ORDER BY s.ordre;
