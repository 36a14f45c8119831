"""Page en construction."""

import streamlit as st

st.title("durees")
st.info("Cette page arrive bientôt.")
