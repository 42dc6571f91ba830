"""Files in and out: ``ingest`` (files -> documents), ``schema`` (the Arrow
schemas, defined once) and ``writer`` (a streamed, atomic Parquet sink)."""
