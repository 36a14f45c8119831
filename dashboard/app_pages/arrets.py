"""Page en construction."""

import streamlit as st

st.title("arrets")
st.info("Cette page arrive bientôt.")
