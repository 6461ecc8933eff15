//! Demo data: see generator.
