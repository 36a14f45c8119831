"""The ground every layer stands on: paths and settings, the data contract's schema, the referentials and
the official geography read from `data/reference/`, text normalisation, and how French writes a number.

Imports nothing else of the product.
"""
