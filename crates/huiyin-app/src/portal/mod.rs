//! The public portal (issue 4): online submission, query codes, disclosed progress.
