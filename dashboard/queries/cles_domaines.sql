-- Canonical keys of every domain in order (for colours that stay the same on every page).
SELECT domaine, valeur, ordre FROM ref_valeurs ORDER BY domaine, ordre;
