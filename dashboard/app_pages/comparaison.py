"""Comparaison départementale: the département and its peers side by side, from the partners' fiches."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboard import access, comparatif_data, components, data, fiches_upload, page_scripts, upload_names
from dashboard.view import current
from pipelines.comparatif import departements, display
from pipelines.comparatif.compare import labels
from pipelines.comparatif.figures import SHARE, figures
from pipelines.comparatif.load import fiches_dir
from pipelines.published import fmt
from pipelines.reference.roles import COORDINATION
from visuals import charts, comparatif_charts, palette
from visuals.charts import Item

PENDING, MESSAGE, ROUND = "_fiches_en_attente", "_fiches_message", "_fiches_tour"
PEERS_KEY = "comp_pairs"

st.title("Comparaison départementale")
view = current()
home = comparatif_data.home()
names = departements.names()
fiches = comparatif_data.fiches()
done = st.session_state.pop(MESSAGE, None)
if done:
    st.success(done, icon=":material/task_alt:")
st.caption(
    f"{names.get(home, home)} ({home}) et des départements comparables, à partir des fiches comparatives "
    "de chiffres annuels échangées avec eux. Les chiffres de l'entrepôt sont calculés par ses indicateurs ; "
    "ceux des partenaires sont ceux de leurs fiches, avec leurs commentaires. Les filtres de la barre latérale "
    "(secteurs, types…) ne s'appliquent pas ici : une fiche porte sur tout le département."
)
if fiches.is_empty():
    st.info(
        "Aucune fiche comparative n'est chargée : déposez des fiches en bas de page, ou importez un dossier "
        "de fiches avec « assll comparatif import DOSSIER ».",
        icon=":material/info:",
    )
elif fiches["fictif"].any():
    st.warning(
        "**Données fictives** : les fiches chargées sont des fiches de démonstration, aux chiffres inventés. "
        "Elles ne décrivent pas ces départements.",
        icon=":material/science:",
    )

years = sorted(set(fiches["annee"].to_list()) | {view.state.annee}, reverse=True)
default_year = max(fiches["annee"].to_list()) if not fiches.is_empty() else view.state.annee
year = st.selectbox("Année", years, index=years.index(default_year), key="comp_annee")

nearest = departements.nearest(home)
if PEERS_KEY not in st.session_state:
    st.session_state[PEERS_KEY] = (
        comparatif_data.peers_from_query(st.query_params.get_all(comparatif_data.PEERS_PARAM), home) or nearest
    )


def _back_to_nearest() -> None:
    st.session_state[PEERS_KEY] = nearest


left, right = st.columns([4, 1], vertical_alignment="bottom")
peers = left.multiselect(
    "Départements comparés",
    [c for c in names if c != home],
    key=PEERS_KEY,
    format_func=lambda c: f"{names[c]} ({c})",
    placeholder="Choisissez des départements",
    help="Par défaut, les 5 départements les plus proches par la population, la densité et "
    "la part de population rurale (tableau de similarité plus bas).",
)
right.button("Les 5 plus proches", on_click=_back_to_nearest, key="comp_plus_proches", icon=":material/restart_alt:")
if peers == nearest:
    if comparatif_data.PEERS_PARAM in st.query_params:
        del st.query_params[comparatif_data.PEERS_PARAM]
elif st.query_params.get_all(comparatif_data.PEERS_PARAM) != list(peers):
    st.query_params[comparatif_data.PEERS_PARAM] = list(peers)

frame = comparatif_data.comparison_frame(year, peers)

st.subheader(f"Côte à côte — {year}")
st.caption(
    "« masqué » : petit effectif caché par le département (ou par le mode diffusion) ; « non communiqué » : "
    "chiffre absent de la fiche ou pas de fiche pour cette année."
)
components.data_table(display.side_by_side(frame), "comp_cote_a_cote", f"comparaison-{year}", expanded=True)

st.subheader("Un indicateur")
all_labels = labels()
chosen: str = st.selectbox("Indicateur", list(all_labels), format_func=all_labels.get, key="comp_indicateur")  # type: ignore[arg-type, assignment]  # every option has a label
rows = frame.filter(pl.col("indicateur") == chosen)
share = chosen in figures() and figures()[chosen].nature == SHARE
items = [
    Item(
        r["departement"],
        f"{r['nom']} ({r['departement']})",
        r["valeur"],
        r["ic_bas"],
        r["ic_haut"],
        text=display.text(chosen, r["etat"], r["valeur"]),
    )
    for r in rows.iter_rows(named=True)
]
colours = {
    r["departement"]: (palette.BRAND if r["departement"] == home else palette.NEUTRAL)
    for r in rows.iter_rows(named=True)
}
fig = charts.bars(items, colours, f"{all_labels[chosen]} — {year}", percent=share)
note = (
    "Barres d'erreur : intervalle de confiance à 95 % (Wilson), quand le département donne l'effectif de base."
    if share
    else None
)
components.chart_card(fig, display.detail(frame, chosen), f"comp_{chosen}", note=note)
comments = rows.filter(pl.col("commentaire").is_not_null())
if not comments.is_empty():
    st.markdown("**Commentaires des partenaires**")
    for r in comments.iter_rows(named=True):
        st.markdown(f"- *{r['nom']}* : {r['commentaire']}")

st.subheader("Carte")
everyone = comparatif_data.map_frame(year).filter(pl.col("indicateur") == chosen)
values = {r["departement"]: r["valeur"] for r in everyone.iter_rows(named=True)}
texts = {r["departement"]: display.text(chosen, r["etat"], r["valeur"]) for r in everyone.iter_rows(named=True)}
st.plotly_chart(
    comparatif_charts.france_map(comparatif_data.shapes(), values, texts, home, f"{all_labels[chosen]} — {year}"),
    key="comp_carte",
    config=components.PLOTLY_CONFIG,
)
st.caption(
    "Tous les départements dont une fiche donne ce chiffre. Outre-mer en encarts à l'ouest (position non géographique)."
)

st.subheader("Départements similaires")
st.caption(
    "Distance entre départements : écart (après centrage-réduction sur les 101) du logarithme de la population, "
    "du logarithme de la densité et de la part de la population vivant dans une commune de moins de 2 000 "
    "habitants. Source : INSEE, populations légales 2022, COG 2024."
)
components.data_table(
    display.similarity(departements.distances(home), peers),
    "comp_similarite",
    "departements-similaires",
    expanded=False,
)

if access.role() != COORDINATION:  # loading fiches is an import: coordination only
    page_scripts.stop()
st.subheader("Déposer des fiches")
st.markdown(
    f"Les fiches déposées sont **vérifiées sans rien modifier** ; sur confirmation, elles rejoignent le "
    f"dossier des fiches (« {fiches_dir()} ») et tout ce dossier est importé : l'entrepôt n'est remplacé que "
    "si l'import réussit. Modèle vierge : « assll comparatif modele --departement CODE --year ANNÉE »."
)
round_no = st.session_state.setdefault(ROUND, 0)
# Streamlit's own hint says the browser's cap (100 Mo): hidden, the label says the real limit (as on the Importer).
st.html("<style>.st-key-comp_zone_depot [data-testid='stFileUploaderDropzoneInstructions'] {display: none;}</style>")
with st.container(key="comp_zone_depot"):
    dropped = (
        st.file_uploader(
            f"Fiches comparatives (.xlsx, .csv, .txt), {upload_names.MAX_MB} Mo au plus par fichier",
            accept_multiple_files=True,
            key=f"comp_depot_{round_no}",
        )
        or []
    )
pending: fiches_upload.PendingFiches | None = components.checked_once(
    dropped,
    PENDING,
    lambda files: fiches_upload.prepare(files, fiches_dir(), data.warehouse_dir()),
    "Vérification des fiches (rien n'est encore modifié)…",
)
if pending is None:
    page_scripts.stop()
for name, reason in pending.refused:
    st.error(f"**{name}** refusé : {reason}", icon=":material/block:")
if pending.error:
    st.error(pending.error, icon=":material/error:")
if pending.report is None:
    page_scripts.stop()
report = pending.report
st.markdown("**Vérification avant import** (rien n'a encore été modifié)")
source = comparatif_data.loaded_from()
if source and not fiches.is_empty() and source != str(fiches_dir()):
    st.warning(
        f"Les fiches actuelles viennent du dossier « {source} ». L'import lira le dossier « {fiches_dir()} » "
        "seulement : les fiches qui n'y sont pas (par exemple celles de démonstration) ne seront plus "
        "chargées.",
        icon=":material/warning:",
    )
files = pl.DataFrame(
    report["files"],
    schema={"file": pl.String, "read": pl.Int64, "loaded": pl.Int64, "rejected": pl.Int64, "ignored": pl.Int64},
    strict=False,
)
files = files.select(
    pl.col("file").alias("Fichier"),
    pl.col("read").alias("Lues"),
    pl.col("loaded").alias("Chargées"),
    pl.col("rejected").alias("Rejetées"),
    pl.col("ignored").alias("Ignorées"),
    pl.col("file").is_in(list(pending.stored)).alias("Déposé"),
)
components.data_table(files, "comp_apercu_fichiers", "verification-fiches", expanded=True)
if report["rejected"]:
    rejected = pl.DataFrame(
        [
            {
                "Fichier": r["file"],
                "Ligne": r["line"],
                "Motif": r["reason"],
                "Valeurs": " ; ".join(f"{k} = {v}" for k, v in r["values"].items() if v),
            }
            for r in report["rejected"]
        ]
    )
    st.markdown(f"**Lignes rejetées** ({fmt.number(rejected.height)})")
    components.data_table(rejected, "comp_apercu_rejets", "verification-fiches-rejets", expanded=True)
if report["conflicts"]:
    st.warning(
        "Chiffres donnés plusieurs fois (le fichier venant en dernier l'emporte) : "
        + " ; ".join(
            f"{names.get(c['departement'], c['departement'])} {c['annee']} {c['indicateur']}"
            for c in report["conflicts"]
        ),
        icon=":material/warning:",
    )
usable = pending.table is not None and not pending.table.is_empty()
if st.button(
    "Importer ces fiches", type="primary", key="comp_confirmer", disabled=not usable, icon=":material/upload:"
):
    try:
        with st.spinner("Import des fiches…"):
            result = fiches_upload.confirm(pending, data.warehouse_dir(), who=access.who())
    except fiches_upload.FicheImportFailed as exc:
        st.error(str(exc), icon=":material/error:")
    else:
        pending.discard()
        st.session_state.pop(PENDING, None)
        st.session_state[ROUND] = round_no + 1
        st.session_state[MESSAGE] = (
            f"Fiches importées : {fmt.number(result['figures'])} chiffres de partenaires chargés."
        )
        st.rerun()
