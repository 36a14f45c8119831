"""Déclaration d'accessibilité: the conformity state, what is not accessible yet, and how each chart can be read
otherwise."""

from __future__ import annotations

import streamlit as st

st.title("Accessibilité")
st.markdown("""
**État de conformité : partiellement conforme** au RGAA 4.1 (référentiel général d'amélioration de
l'accessibilité), qui reprend les critères A et AA des WCAG 2.1.

### Ce qui est fait
- La page est déclarée en français ; les textes, les libellés des boutons et des filtres sont en français.
- Les contrastes des textes (4,5:1 au moins) et des éléments graphiques (3:1 au moins) sont respectés pour les
  couleurs choisies par l'outil ; chaque catégorie garde la même couleur sur toutes les pages, dans la
  présentation et dans les rapports.
- Chaque graphique a une **alternative textuelle** : le tableau de ses données, sous le graphique (« Voir les
  données »), téléchargeable en CSV et en Excel ; les valeurs sont aussi écrites sur les barres.
- Les chiffres clés se lisent et se parcourent au clavier dans l'ordre où ils apparaissent, ligne par ligne.
- La présentation se pilote au clavier (← → Début Fin).
- Chaque page est vérifiée automatiquement avec axe-core (règles WCAG 2.1 A et AA) dans les tests de l'outil.

### Ce qui n'est pas encore accessible
- Les graphiques interactifs (Plotly) ne sont pas lisibles par un lecteur d'écran : utilisez leur tableau de
  données.
- Les tableaux de données (composant de Streamlit) sont dessinés dans une zone graphique : un lecteur d'écran
  n'en lit pas les cellules une à une ; les téléchargements CSV et Excel en donnent le contenu.
- Quelques textes techniques de Streamlit peuvent apparaître en anglais un court instant avant d'être traduits.
- Les rapports PDF ne sont pas balisés (PDF non structuré) : la version HTML du rapport est à privilégier.

### Signaler un problème
Si un contenu vous est inaccessible, écrivez à la coordination ASSLL du GIP Charente Solidarités en précisant la
page et le problème : une version accessible du contenu vous sera transmise.
""")
