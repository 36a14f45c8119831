"""Page en construction."""

import streamlit as st

st.title("qualite")
st.info("Cette page arrive bientôt.")
