"""Command-line errors are one clear line, not a traceback."""

from tracker import create_app


def test_an_unreachable_database_is_reported_in_words():
    app = create_app({"DATABASE_URL": "postgresql+psycopg://nobody@127.0.0.1:1/none",
                      "SECRET_KEY": "x"})  # fmt: skip
    for args in (["db", "upgrade"], ["db", "current"], ["seed"]):
        result = app.test_cli_runner().invoke(args=args)
        assert result.exit_code == 1, args
        assert "Cannot use the database postgresql+psycopg://nobody@127.0.0.1:1/none" in (
            result.output
        )
        assert "Traceback" not in result.output


def test_synth_refuses_a_malformed_url(runner):
    result = runner.invoke(args=["synth", "--projects", "5", "--database", "nonsense"])
    assert result.exit_code == 1
    assert "“nonsense” is not a database URL." in result.output


def test_db_current_names_both_revisions(runner):
    output = runner.invoke(args=["db", "current"]).output
    current, newest = (line.split()[-1] for line in output.splitlines())
    assert current == newest
