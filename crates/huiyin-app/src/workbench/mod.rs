//! Staff workbench queries (issue 3): worklists, counts, rates, notices.
