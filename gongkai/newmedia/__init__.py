"""The registry of government new-media accounts (政务新媒体, issue 23): accounts, owners, status and the
closing procedure, their updates, the 2-week staleness veto and the inventory export."""
