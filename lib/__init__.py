"""Thai SDG Localization Dashboard. Packages and their dependency rule: docs/DEVELOPING.md."""
