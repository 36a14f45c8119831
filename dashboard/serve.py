"""Serves the dashboard: `python -m dashboard.serve APP [streamlit options]` is `streamlit run` with a warm start.

Streamlit runs every visitor's script inside the server process. On a fresh server the first page paid for
importing the libraries it draws with (pandas for the tables, Polars, NumPy, DuckDB, Plotly's figure classes,
the published layer: about 2 s of a 2.7 s first run, issue 10). Imported here, before the server listens,
they are already in memory when the first visitor arrives. Nothing touching Streamlit's caches or session is
done here: those exist only once the server runs.
"""

from __future__ import annotations

import contextlib
import sys


def warm() -> None:
    """Imports what every chart page needs, draws one throw-away figure (its template is validated once) and
    reads the map shapes."""
    import duckdb  # noqa: F401
    import numpy  # noqa: F401
    import pandas  # noqa: F401  (st.dataframe converts to it)
    import plotly.graph_objects as go
    import polars  # noqa: F401
    import pyarrow  # noqa: F401

    import pipelines.indicators.survival_curves
    import pipelines.published  # noqa: F401
    from visuals import layout

    layout.layout(go.Figure(go.Bar(x=["a"], y=[1])), title="").to_json()
    from dashboard import geo

    for level in geo.LEVELS:  # the map shapes, parsed once per process (Commandes draws two maps)
        with contextlib.suppress(geo.MapUnavailable):  # the page says so when it draws the map
            geo.shapes(level)


def main(argv: list[str] | None = None) -> None:
    args = sys.argv[1:] if argv is None else argv
    from dashboard import uploads

    with contextlib.suppress(OSError):  # what an upload cut short by a crash left: gone before anyone imports
        uploads.sweep_at_start()
    warm()
    from streamlit.web.cli import main as streamlit_main

    streamlit_main(["run", *args], prog_name="streamlit")


if __name__ == "__main__":
    main()
