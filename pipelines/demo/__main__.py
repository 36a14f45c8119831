"""`python -m pipelines.demo OUT_DIR [--seed N] [--describe]`"""

from pipelines.demo.generator import main

main()
