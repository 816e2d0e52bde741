"""The store behind one interface: articles, nodes, their mentions and edges, in SQLite (a file,
the default) or PostgreSQL (a `postgresql://` URL, shared by many machines).

- `base.py`: the interface (`Store`, what the knowledge base, its queries and the write path use),
  with the write path's logic and the SQL both engines run alike;
- `sqlite.py`, `postgresql.py`: one module per engine, holding its schema, connection, locking,
  error mapping, full-text search and the few statements that differ.

Every SQL statement of newskb lives in this package.
"""
from __future__ import annotations

from .base import SCHEMA_VERSION, EdgeRow, Found, Merge, NearKey, NodeWrite, Store, edge_fields, is_postgresql

__all__ = ["SCHEMA_VERSION", "EdgeRow", "Found", "Merge", "NearKey", "NodeWrite", "Store", "edge_fields",
           "is_postgresql"]
