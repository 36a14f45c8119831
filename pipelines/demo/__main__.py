"""`python -m pipelines.demo OUT_DIR [--seed N] [--describe]`"""

from .generator import main

main()
