"""Review (reviewers and admins, signed in: lib.app.admin): the submissions waiting for review,
one of them against the published values with its flags, approved or rejected with a comment;
for admins, publishing the approved ones as the next release, the releases with rollback, and
the audit log (lib.app.review: the functions of python -m lib.review and lib.release)."""

import streamlit as st

from lib.app import frame, gate, review
from lib.app.admin import is_admin, show_done
from lib.users.accounts import REVIEWERS

ctx = frame("review")
st.title(ctx.t("page_review"))
acc = gate(ctx, REVIEWERS)
show_done()  # the message of the last write
review.pending(ctx, acc)
if is_admin(acc):
    st.divider()
    review.publishing(ctx, acc)
    review.releases(ctx, acc)
    review.audit_log(ctx)
