"""The domain's rules. Services take a session, flush, and leave the commit to the caller."""
