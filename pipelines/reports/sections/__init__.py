"""The report's sections II to V, one module each, built from published figures."""
