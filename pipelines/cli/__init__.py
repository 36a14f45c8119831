"""The `assll` command line (`main.main`): one module per group of commands, argparse only at start-up so
that `assll --help` and `assll indicators` stay fast (heavy libraries are imported inside the commands).

May import every package of `pipelines`; nothing imports it but the dashboard's local server.
"""
