-- Every key of a domain, canonical values first, in their order (then NON_RECONNU, NON_RENSEIGNE).
SELECT cle FROM domain_keys($domaine) ORDER BY ordre;
