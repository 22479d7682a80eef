"""Accounts, roles, sign-in and the audit log, kept in the control store (lib.users.control:
SQLite beside the working database). No Streamlit here: the pages call these functions."""
