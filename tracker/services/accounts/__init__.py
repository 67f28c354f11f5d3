"""Accounts: users and roles, sign-in and its throttle, browser sessions, API tokens."""
