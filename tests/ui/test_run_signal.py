"""The signal the app gives at the end of every script run, which the browser tests wait on: the last element of
each finished run sets <html data-assll-execution="N">, N counting the session's finished runs."""

from __future__ import annotations

import re
from pathlib import Path

from dashboard.page_scripts import PAGE_ATTRIBUTE, RUN_ATTRIBUTE

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"


def _marks(at) -> list[str]:
    return [e.proto.body for e in at.get("html") if RUN_ATTRIBUTE in e.proto.body]


def _expected(count: int, page: str = "") -> str:
    return (
        f'<script>document.documentElement.setAttribute("{PAGE_ATTRIBUTE}", "{page}");'
        f'document.documentElement.setAttribute("{RUN_ATTRIBUTE}", "{count}");</script>'
    )


def test_every_finished_run_ends_with_its_number(app) -> None:
    at = app(fin="2024")
    assert _marks(at) == [_expected(1)]
    at.run()
    assert _marks(at) == [_expected(2)]


def test_a_page_that_stops_early_still_says_its_run_is_over(app) -> None:
    at = app("app_pages/importer.py", fin="2024")  # stops at the uploader while no file is dropped
    assert not at.exception
    assert _marks(at) == [_expected(2, "importer")]  # the home page's run, then the Importer's


def test_no_page_stops_without_giving_the_signal() -> None:
    """st.stop() writes nothing more: a page stops with page_scripts.stop(), which gives the signal first."""
    offenders = [
        f"{p.relative_to(DASHBOARD)}:{n}"
        for p in DASHBOARD.rglob("*.py")
        if p.name != "page_scripts.py"
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"\bst\.stop\(\)", line)
    ]
    assert offenders == []


def test_a_page_name_from_the_address_cannot_break_out_of_the_script(monkeypatch) -> None:
    """An unknown address gets a page of its own name (app.unknown_pages): that name is data in the script."""
    import dashboard.page_scripts as page_scripts

    state = {page_scripts.PAGE_KEY: 'x"</script><img src=x onerror=alert(1)>'}
    text: list[str] = []
    fake = type(
        "FakeStreamlit", (), {"session_state": state, "html": staticmethod(lambda body, **kwargs: text.append(body))}
    )
    monkeypatch.setattr(page_scripts, "st", fake)
    page_scripts.run_finished()
    assert text == [
        '<script>document.documentElement.setAttribute("data-assll-page", "x\\"\\u003c/script>\\u003cimg '
        'src=x onerror=alert(1)>");document.documentElement.setAttribute("data-assll-execution", "1");'
        "</script>"
    ]


def test_the_presentation_keys_wait_on_the_same_signal() -> None:
    """presentation.js lets the next arrow press through once the run of the previous click is over, read from the
    attribute the app writes (a script cannot import the name)."""
    script = (DASHBOARD / "assets" / "presentation.js").read_text(encoding="utf-8")
    assert f'document.documentElement.getAttribute("{RUN_ATTRIBUTE}")' in script
