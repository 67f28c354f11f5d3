"""Web forms (Flask-WTF: every form carries a CSRF token), one module per area."""
