-- Private-landlord tenants among the tenants of the ASSLL requests of the year.
SELECT pct(num, den) AS valeur, num AS numerateur, den AS denominateur
FROM (
    SELECT count(*) FILTER (statut_occupation = 'LOCATAIRE_PRIVE') AS num, count(*) AS den
    FROM f_demandes()
    WHERE annee = $annee AND type_mesure = 'ASSLL'
      AND statut_occupation IN ('LOCATAIRE_PRIVE', 'LOCATAIRE_PUBLIC')
);
