//! Public-portal records: query codes, PINs, idempotency keys.
