"""The portfolio's projects: their rules, saving, statuses, versions and change history."""
