//! Attachments (scans, photos, PDF) of cases.
