"""The Streamlit dashboard of ASSLL Observatoire."""
