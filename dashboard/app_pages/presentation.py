"""Présentation: the key charts of a year, one at a time, full width and in large type, for the
steering committee. Arrow keys (← →), Début / Fin, or the buttons move between slides."""

from __future__ import annotations

import streamlit as st

from dashboard import components, data, page_scripts
from dashboard.state import year_param
from dashboard.view import current
from pipelines.reports.figures import to_plotly
from pipelines.reports.model import Chart, Section
from pipelines.reports.slides import SLIDE_CHARTS

view = current()
years = data.years()


def url_year() -> int:
    """The year of the link (`?annee=2024`, as the Rapports page passes it), else the sidebar's year."""
    return year_param(st.query_params.get("annee"), years, view.state.annee)


def keep_year() -> None:
    chosen = str(st.session_state["presentation_annee"])
    st.query_params["annee"] = st.session_state["_presentation_url"] = chosen
    st.session_state["diapo"] = 0


# A link with a year (from Rapports) chooses it; the selector then changes it (and the link).
link = str(st.query_params.get("annee", ""))
if st.session_state.get("_presentation_url") != link or st.session_state.get("presentation_annee") not in years:
    st.session_state["_presentation_url"] = link
    st.session_state["presentation_annee"] = url_year()
# The diffusion switch of the session applies here as everywhere: masked counts read « < 5 ».
# A partner's role forces it (data.report_model), whatever the year chosen or the link followed.
report = data.report_model(st.session_state["presentation_annee"], view.state.diffusion)
year = report.year

# A presentation has no sidebar and no page chrome: the whole screen goes to the chart.
st.markdown(
    """<style>
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], header[data-testid="stHeader"] {display: none;}
.block-container {padding-top: 1rem; max-width: 100%;}
[data-testid="stMetricValue"] {font-size: 3.2rem;}
[data-testid="stMetricLabel"] p {font-size: 1.3rem;}
[data-testid="stCaptionContainer"] p {font-size: 1.1rem;}
</style>""",
    unsafe_allow_html=True,
)

charts: dict[str, Chart] = {}


def collect(section: Section) -> None:
    for block in section.blocks:
        if isinstance(block, Chart):
            charts[block.key] = block
    for sub in section.subsections:
        collect(sub)


for section in report.sections:
    collect(section)
slides = ["chiffres_cles", *[k for k in SLIDE_CHARTS if k in charts]]
index = st.session_state.get("diapo", 0)
index = max(0, min(index, len(slides) - 1))


def go(to: int) -> None:
    st.session_state["diapo"] = max(0, min(to, len(slides) - 1))


def step(by: int) -> None:
    """Relative to the slide shown when the key is handled (not when the button was drawn): quick presses
    of → each move one slide on."""
    go(st.session_state.get("diapo", 0) + by)


top = st.columns([2, 2, 6])
top[0].page_link("app_pages/vue_ensemble.py", label="Quitter la présentation", icon=":material/close:")
top[1].selectbox(
    "Année", options=years[::-1], key="presentation_annee", on_change=keep_year, label_visibility="collapsed"
)
if report.diffusion:
    top[2].caption("Version pour diffusion : les effectifs de 1 à 4 sont masqués (« < 5 »).")
# The keys (← → Début Fin) are handled in the page, queued so that no press is lost (assets/presentation.js).
page_scripts.run("presentation.js")
nav = st.columns([2, 2, 4, 2, 2])
nav[0].button("Début", on_click=go, args=(0,), key="diapo_debut", icon=":material/first_page:")
nav[1].button(
    "Précédent", on_click=step, args=(-1,), key="diapo_precedent", icon=":material/chevron_left:", disabled=index == 0
)
nav[2].markdown(
    f"<div style='text-align:center;font-size:1.1rem;color:#374151'>Rapport d'activité {year} — "
    f"diapositive {index + 1} sur {len(slides)} · flèches ← → pour avancer</div>",
    unsafe_allow_html=True,
)
nav[3].button(
    "Suivant",
    on_click=step,
    args=(1,),
    key="diapo_suivant",
    icon=":material/chevron_right:",
    disabled=index == len(slides) - 1,
)
nav[4].button("Fin", on_click=go, args=(len(slides) - 1,), key="diapo_fin", icon=":material/last_page:")

current_slide = slides[index]
if current_slide == "chiffres_cles":
    st.title(f"Chiffres clés {year}")
    columns = st.columns(3)
    for i, kf in enumerate(report.key_figures):
        columns[i % 3].metric(kf.label, kf.value.text)
        if kf.comparison:
            columns[i % 3].caption(str(kf.comparison))
else:
    chart = charts[current_slide]
    fig = to_plotly(chart)
    fig.update_layout(title={"font": {"size": 30}}, font={"size": 20}, height=720, legend={"font": {"size": 18}})
    st.plotly_chart(fig, key=f"diapo_{current_slide}", config=components.PLOTLY_CONFIG, theme=None)
