"""Reference data (SDGs, codelists, regions), seeding and the illustrative portfolio."""
