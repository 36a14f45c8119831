"""Page en construction."""

import streamlit as st

st.title("commandes")
st.info("Cette page arrive bientôt.")
