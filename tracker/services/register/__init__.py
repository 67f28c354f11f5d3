"""The register: searching, filtering and ordering projects, and the reference for its filters."""
