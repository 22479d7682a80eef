"""Everything that touches DuckDB: schema, connections, read queries, the build, demo data."""
