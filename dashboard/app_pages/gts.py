"""Page en construction."""

import streamlit as st

st.title("gts")
st.info("Cette page arrive bientôt.")
