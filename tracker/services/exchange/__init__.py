"""Files and the API in and out: CSV, IATI XML and JSON exports, imports, held uploads."""
