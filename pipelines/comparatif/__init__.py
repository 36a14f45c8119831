"""The fiche comparative (COMPARATIF.md): yearly aggregates of other départements, read, stored and compared."""
