"""IATI activity XML: reading activities into import records, and writing projects out.

``read_activities`` reads IATI 2.01 to 2.03 safely (``safe_xml``); ``ActivityWriter`` writes
the register's projects as IATI 2.03, streamed. No Flask and no session here.
"""

from tracker.formats.iati.reader import read_activities
from tracker.formats.iati.safe_xml import MAX_BYTES, SUPPORTED_VERSIONS

__all__ = ["MAX_BYTES", "SUPPORTED_VERSIONS", "read_activities"]
