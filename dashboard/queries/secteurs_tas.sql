-- The ASSLL sectors in their usual order, with their TAS (referential).
SELECT secteur, tas FROM ref_secteurs ORDER BY ordre;
