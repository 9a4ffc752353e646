"""Batch work beyond one process: normalizing archives with Apache Spark into analysed Parquet rows."""
