"""Pure reading and writing of file formats: no Flask, no database session."""
