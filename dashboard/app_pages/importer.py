"""Importer des exports: upload, check without changing anything, then import on confirmation."""

from __future__ import annotations

import streamlit as st

from dashboard import access, actions, components, data, page_scripts, quality, upload_names, uploads
from dashboard.safe_text import md
from pipelines.indicators import WarehouseError
from pipelines.ingest.vanished import too_many, vanished_text
from pipelines.published import fmt
from pipelines.reference import settings


def count(n: int, one: str, many: str) -> str:
    """French agreement: singular for 0 and 1."""
    return f"{fmt.number(n)} {one if n <= 1 else many}"


PENDING = "_import_en_attente"  # (signature of the uploads, uploads.Pending)
MESSAGE = "_import_message"
ROUND = "_import_tour"  # changes the uploader's key to empty it after an import

access.require("importer")  # only coordination imports (the navigation also leaves the page out for the others)
st.title("Importer des exports")
raw_dir = settings.raw_dir()
st.caption(f"Dossier des exports : « {md(raw_dir)} » · 50 Mo au plus par fichier · formats .xlsx, .csv, .txt")

done = st.session_state.pop(MESSAGE, None)
if done:
    st.success(done, icon=":material/task_alt:")

st.markdown(
    "Déposez les exports de l'année (classeurs Excel ou fichiers CSV/texte, plusieurs à la fois). Ils sont "
    "d'abord **vérifiés sans rien modifier** : vous voyez ce que chaque fichier apporte, les lignes qui "
    "seraient mises en quarantaine et les valeurs non reconnues. Rien n'est importé tant que vous n'avez pas "
    "cliqué sur **Importer ces fichiers** ; l'entrepôt est alors reconstruit à partir de tout le dossier des "
    "exports, et l'ancien reste en place si l'import échoue."
)

try:
    before: dict | None = data.ingest_report()
except (data.ReportUnavailable, WarehouseError):
    before = None

round_no = st.session_state.setdefault(ROUND, 0)
# No `type=` restriction here: Streamlit would refuse another format in English (or fail on it); the page
# checks the format and the size itself and lists every refused file with a French reason. The browser's
# own cap (HARD_CAP_MB) stays above the real limit, and its hint is hidden: the label says the limit. A file
# above HARD_CAP_MB is refused by the browser itself; Streamlit's words for it (« File must be 100.0MB or
# smaller. ») are put in French in the page by assets/francais.js (assets/traductions.json).
st.html("<style>.st-key-imp_depot [data-testid='stFileUploaderDropzoneInstructions'] {display: none;}</style>")
with st.container(key="imp_depot"):
    files = (
        st.file_uploader(
            f"Exports à importer : .xlsx, .csv ou .txt, {upload_names.MAX_MB} Mo au plus par fichier",
            accept_multiple_files=True,
            key=f"imp_fichiers_{round_no}",
            max_upload_size=upload_names.HARD_CAP_MB,
            help="Plusieurs fichiers à la fois. Les classeurs sont lus feuille par feuille ; les CSV et les .txt "
            "peuvent être séparés par des points-virgules, des virgules ou des tabulations.",
        )
        or []
    )

pending: uploads.Pending | None = components.checked_once(
    files,
    PENDING,
    lambda dropped: uploads.prepare(dropped, raw_dir, key=data.hash_key(), warehouse=data.warehouse_dir()),
    "Vérification des fichiers (rien n'est encore modifié)…",
)
if pending is None:
    page_scripts.stop()

if pending.refused:
    lines = "\n".join(f"- **{md(name)}** : {md(reason)}" for name, reason in pending.refused)
    st.error(
        f"Fichier{'s' if len(pending.refused) > 1 else ''} refusé{'s' if len(pending.refused) > 1 else ''} "
        f"(non importé{'s' if len(pending.refused) > 1 else ''}) :\n\n{lines}",
        icon=":material/block:",
    )
if pending.error:
    st.error(md(pending.error), icon=":material/error:")
report = pending.report
if not pending.stored or report is None:
    page_scripts.stop()

st.subheader("Vérification avant import")
st.caption(
    "Rien n'a encore été modifié. Voici ce que donnerait l'import du dossier des exports complété par ces fichiers."
)
if before is not None and before.get("dossier") and before["dossier"] != str(raw_dir):
    st.warning(
        f"L'entrepôt actuel a été construit à partir du dossier « {md(before['dossier'])} ». L'import le "
        f"reconstruira à partir du dossier « {md(raw_dir)} » seulement : les données qui ne figurent pas dans ce "
        "dossier (par exemple les données de démonstration) n'y seront plus.",
        icon=":material/warning:",
    )

targets = {s.target: s.original for s in pending.stored}
per_file = quality.files_frame(report, only=set(targets))
per_file = per_file.insert_column(
    0, per_file["Fichier"].replace_strict(targets, default=None).alias("Fichier envoyé")
).rename({"Fichier": "Enregistré sous"})
read_files = per_file.filter(per_file["Statut"] == "lu")
st.markdown("**Les lignes des fichiers envoyés**")
columns = st.columns(4)
for column, (label, name) in zip(
    columns,
    (("Lignes lues", "Lues"), ("Chargées", "Chargées"), ("En quarantaine", "Quarantaine"), ("Ignorées", "Ignorées")),
    strict=True,
):
    column.metric(label, fmt.number(int(read_files[name].sum() or 0)), border=True)

st.markdown("**Fichier par fichier**")
components.data_table(per_file, "imp_fichiers_apercu", "verification-fichiers", expanded=True)
not_read = per_file.filter(per_file["Statut"] != "lu")
if not_read.height:
    st.warning(
        "Ces fichiers ou feuilles ne seront pas lus (un fichier sans aucun tableau reconnu n'est pas "
        "ajouté au dossier des exports) : "
        + " ; ".join(
            f"{md(r['Fichier envoyé'])}{' [' + md(r['Feuille']) + ']' if r['Feuille'] else ''} ({md(r['Motif'])})"
            for r in not_read.iter_rows(named=True)
        ),
        icon=":material/warning:",
    )

quarantine = quality.visible(quality.quarantine_frame(report, only=set(targets)))
st.markdown(f"**Lignes qui seraient mises en quarantaine** ({fmt.number(quarantine.height)})")
if quarantine.is_empty():
    st.success("Aucune ligne de ces fichiers ne serait mise en quarantaine.", icon=":material/check_circle:")
else:
    quarantine = quarantine.with_columns(quarantine["Fichier"].replace_strict(targets, default=None))
    components.data_table(quarantine, "imp_quarantaine", "verification-quarantaine", expanded=True)

unrecognised = quality.new_unrecognised(report, before)
st.markdown(
    f"**Valeurs non reconnues** après import ({fmt.number(unrecognised.height)}, dont "
    f"{fmt.number(unrecognised.filter(unrecognised['Nouvelle'] == 'oui').height)} nouvelles)"
)
if unrecognised.is_empty():
    st.success("Aucune valeur non reconnue.", icon=":material/check_circle:")
else:
    components.data_table(unrecognised, "imp_non_reconnues", "verification-valeurs-non-reconnues")

st.markdown("**L'entrepôt après import**")
components.data_table(
    quality.before_after(report, before), "imp_avant_apres", "verification-avant-apres", expanded=True
)
components.data_table(quality.tables_frame(report), "imp_bilan", "verification-bilan-par-table")

importable = pending.importable()
if not importable:
    st.info("Aucun de ces fichiers ne contient un tableau reconnu : il n'y a rien à importer.", icon=":material/info:")
vanishing = report.get("disparus")
replace = False
if vanishing and vanishing["disparus"]:
    st.warning(md(vanished_text(vanishing)), icon=":material/warning:")
if too_many(vanishing):
    replace = st.checkbox(
        "Remplacer l'entrepôt : plus d'un dixième de ses enregistrements disparaîtra", key="imp_remplacer", value=False
    )
if st.button(
    "Importer ces fichiers",
    type="primary",
    icon=":material/upload:",
    key="imp_confirmer",
    disabled=not importable or (too_many(vanishing) and not replace),
):
    try:
        with st.spinner("Import en cours : lecture de tout le dossier des exports et construction de l'entrepôt…"):
            result = actions.import_files(pending, replace=replace)
    except uploads.ImportBusy as exc:
        st.warning(str(exc), icon=":material/hourglass_top:")
    except uploads.ImportFailed as exc:
        st.error(md(exc), icon=":material/error:")
    else:
        pending.discard()
        st.session_state.pop(PENDING, None)
        st.session_state[ROUND] = round_no + 1
        n = len(importable)
        total = quality.totals(result)
        records = result["tables"]
        st.session_state[MESSAGE] = (
            f"Import terminé : {count(n, 'fichier ajouté', 'fichiers ajoutés')} au dossier des exports. "
            f"L'entrepôt compte {count(records['demandes']['records'], 'demande', 'demandes')}, "
            f"{count(records['mesures']['records'], 'mesure', 'mesures')}, "
            f"{count(records['passages_gts']['records'], 'passage', 'passages')} en GTS et "
            f"{count(records['mutualisations']['records'], 'mutualisation', 'mutualisations')} ; "
            f"{count(total['read'], 'ligne lue', 'lignes lues')} = {count(total['loaded'], 'chargée', 'chargées')}"
            f" + {fmt.number(total['quarantined'])} en quarantaine + "
            f"{count(total['ignored'], 'ignorée', 'ignorées')}. "
            "Le détail est sur la page « Qualité des données »."
        )
        st.rerun()
