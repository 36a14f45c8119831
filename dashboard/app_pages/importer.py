"""Page en construction."""

import streamlit as st

st.title("importer")
st.info("Cette page arrive bientôt.")
