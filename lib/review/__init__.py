"""Submissions staged for review (lib.review.submissions), the checks a reviewer is shown
(lib.review.flags) and the command line (`python -m lib.review`). No Streamlit here."""
