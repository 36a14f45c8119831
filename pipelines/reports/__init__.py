"""Reports: the yearly activity report (HTML, PDF) and the steering-meeting slides (PPTX)."""
