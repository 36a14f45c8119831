"""The close of the year's data and actions, shared by the « Clôture de l'année » and « Rapports » pages.

`may_publish()` is THE gate of every action that writes (publish, acknowledge): the role `coordination`, decided
by the server (dashboard/access.py).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import streamlit as st

from dashboard import access, data
from dashboard import cloture_steps as steps
from pipelines.indicators import Indicators
from pipelines.published import Published
from pipelines.published.moved import Moved, label, moved
from pipelines.published.revisions import figures_of
from pipelines.reference.roles import COORDINATION
from pipelines.reports.publish import edition_file, publish
from pipelines.store import acknowledgements
from pipelines.store import editions as store

MIME = {
    "pdf": "application/pdf",
    "html": "text/html",
    "pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
}


def may_publish() -> bool:
    """Whether the person may publish an edition and acknowledge the quality items: `coordination` only (the
    single-user workstation without an identity provider is `coordination`)."""
    return access.role() == COORDINATION


def who() -> str:
    """The person signed in (OpenID Connect), else the user of the system running the dashboard."""
    return access.who()


def now_text() -> str:
    return store.now_text()


@st.cache_data(max_entries=8, show_spinner=False)
def _masked(warehouse: str, version: str, year: int) -> list[str]:
    ind = Indicators(Path(warehouse), version=version)
    try:
        pub = Published.of(ind, diffusion_on=True)
        return [label(pub, f) for f in figures_of(pub, year) if f.masked]
    finally:
        ind.close()


def masked_figures(year: int) -> list[str]:
    """The figures of the year masked in diffusion mode (whole département), as labels."""
    return _masked(str(data.warehouse_dir()), data.pinned(), year)


@st.cache_data(max_entries=8, show_spinner=False)
def _moved(warehouse: str, version: str, signature: tuple[str, ...]) -> list[Moved]:
    if not signature:
        return []
    ind = Indicators(Path(warehouse), version=version)
    try:
        return moved(Path(warehouse), ind)
    finally:
        ind.close()


def revised() -> list[Moved]:
    """Every figure of the published years that has moved since its edition, with its cause."""
    return _moved(str(data.warehouse_dir()), data.pinned(), data.editions_signature())


def moved_frame(rows: list[Moved]) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "Année": [m.year for m in rows],
            "Édition": [m.edition for m in rows],
            "Chiffre": [m.label for m in rows],
            "Publié": [m.published for m in rows],
            "Aujourd'hui": [m.now for m in rows],
            "Cause": [m.cause for m in rows],
        },
        schema={
            "Année": pl.Int64,
            "Édition": pl.String,
            "Chiffre": pl.String,
            "Publié": pl.String,
            "Aujourd'hui": pl.String,
            "Cause": pl.String,
        },
    )


def months(year: int) -> dict[str, list[int]]:
    frame = data.query("cloture_mois", annee=year)
    found: dict[str, list[int]] = {}
    for kind, month, _ in frame.iter_rows():
        found.setdefault(kind, []).append(int(month))
    return found


def acknowledged(year: int) -> dict[str, dict]:
    return acknowledgements.read(data.warehouse_dir(), year)


def acknowledge(year: int, key: str, detail: str) -> None:
    if not may_publish():
        st.error("Seule la coordination peut acquitter les points de contrôle.")
        return
    acknowledgements.acknowledge(data.warehouse_dir(), year, key, who(), now_text(), detail)


def all_steps(year: int) -> tuple[list[steps.Step], list[steps.Item], list[str], store.Edition | None]:
    report = data.ingest_report()
    acks = acknowledged(year)
    items = steps.quality_items(report)
    masked = masked_figures(year)
    edition = store.latest(data.warehouse_dir(), year)
    moved_count = sum(1 for m in revised() if m.year == year)
    found = [
        steps.exports_step(year, report, months(year)),
        steps.quality_step(items, acks),
        steps.diffusion_step(masked, acks),
        steps.preview_step(data.pinned(), acks),
        steps.edition_step(
            year, edition.name if edition else None, edition.version if edition else None, data.pinned(), moved_count
        ),
        steps.handout_step(edition.name if edition else None),
    ]
    return found, items, masked, edition


def publish_button(year: int, blockers: list[str], key: str) -> store.Edition | None:
    """« Publier <year> »: refused (with why) until the quality and diffusion checks are acknowledged."""
    allowed = may_publish()
    for sentence in blockers:
        st.warning(sentence, icon=":material/block:")
    if not allowed:
        st.info("Seule la coordination publie une édition.")
    if not st.button(
        f"Publier {year}", type="primary", icon=":material/verified:", key=key, disabled=bool(blockers) or not allowed
    ):
        return None
    with st.status("Publication en cours…", expanded=True) as status:
        try:
            edition = publish(
                data.warehouse_dir(), year, who=who(), when=dt.datetime.now(dt.UTC), progress=status.write
            )
        except store.EditionError as exc:
            status.update(label="La publication a échoué.", state="error")
            st.error(str(exc))
            return None
        status.update(label=f"Édition {edition.name} publiée.", state="complete", expanded=False)
    st.success(
        f"Édition {edition.name} publiée par {edition.who} : ses chiffres et ses rapports sont figés.",
        icon=":material/verified:",
    )
    return edition


def handout(edition: store.Edition, key: str) -> None:
    """Downloads of the edition's diffusion report (PDF, else HTML) and slides."""
    report = edition_file(edition, "pdf", True) or edition_file(edition, "html", True)
    slides = edition_file(edition, "pptx", True)
    left, right = st.columns(2)
    for column, got, text in (
        (left, report, "Télécharger le rapport pour diffusion"),
        (right, slides, "Télécharger la présentation pour diffusion"),
    ):
        if got is None:
            column.info("Fichier absent de cette édition.")
            continue
        name, content = got
        column.download_button(
            f"{text} ({name.rsplit('.', 1)[1].upper()})",
            content,
            file_name=name,
            mime=MIME[name.rsplit(".", 1)[1]],
            key=f"{key}_{name}",
            icon=":material/download:",
            on_click="ignore",
        )
