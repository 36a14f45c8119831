-- Adhesion by profile over the window: for each dimension, every canonical value (0 closures included),
-- then the catch-all and unknown values that occur; closures and TRAVAIL_POSSIBLE closures of each.
-- The shares and their Wilson intervals are computed by adhesion.py.
WITH dimensions(dimension, rang) AS (
    VALUES ('instance', 1), ('prescripteur', 2), ('dispositif', 3), ('aide_financiere', 4),
           ('statut_occupation', 5), ('objectif', 6), ('secteur', 7), ('evaluation_conjointe', 8)
), longue AS (
    UNPIVOT (SELECT motif_arret, instance, prescripteur, dispositif, aide_financiere, statut_occupation, objectif,
                    secteur, evaluation_conjointe FROM clotures_fenetre($annee))
    ON instance, prescripteur, dispositif, aide_financiere, statut_occupation, objectif, secteur,
       evaluation_conjointe
    INTO NAME dimension VALUE cle
), comptes AS (
    SELECT dimension, cle, count(*) AS clotures,
           count(*) FILTER (motif_arret = 'TRAVAIL_POSSIBLE') AS travail_possible
    FROM longue GROUP BY ALL
), canoniques AS (
    SELECT r.domaine AS dimension, r.valeur AS cle, r.ordre
    FROM ref_valeurs r JOIN dimensions d ON d.dimension = r.domaine
    WHERE r.valeur NOT IN ('NON_RECONNU', 'NON_RENSEIGNE')
)
SELECT coalesce(k.dimension, c.dimension) AS dimension, coalesce(k.cle, c.cle) AS cle,
       coalesce(c.clotures, 0) AS clotures, coalesce(c.travail_possible, 0) AS travail_possible
FROM canoniques k
FULL JOIN comptes c ON c.dimension = k.dimension AND c.cle = k.cle
JOIN dimensions d ON d.dimension = coalesce(k.dimension, c.dimension)
ORDER BY d.rang,
         coalesce(k.ordre, CASE coalesce(k.cle, c.cle) WHEN 'NON_RECONNU' THEN 10000 WHEN 'NON_RENSEIGNE' THEN 10001
                                ELSE 20000 END),
         2;
