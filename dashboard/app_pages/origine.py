"""Page en construction."""

import streamlit as st

st.title("origine")
st.info("Cette page arrive bientôt.")
