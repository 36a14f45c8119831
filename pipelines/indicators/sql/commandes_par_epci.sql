-- All requests of the year by EPCI (SIREN code) of the resolved commune.
SELECT * FROM repartition('epci', (
    SELECT list(code_epci) FROM f_demandes() WHERE annee = $annee
));
