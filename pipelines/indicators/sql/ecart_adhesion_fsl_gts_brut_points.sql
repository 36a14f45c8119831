-- Raw FSL/GTS gap: the model sample of the window whose request was examined in commission FSL
-- (exposition) or in GTS; adhesion.py computes the shares, their difference and its Wald interval.
SELECT adhesion, instance = 'COMMISSION_FSL' AS exposition
FROM echantillon_adhesion($annee)
WHERE instance IN ('COMMISSION_FSL', 'GTS');
