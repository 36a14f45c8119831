"""Page en construction."""

import streamlit as st

st.title("equilibre")
st.info("Cette page arrive bientôt.")
