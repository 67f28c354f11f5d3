"""The import-rates command: a dry run, a file with errors, a real import."""

from datetime import date
from decimal import Decimal

from sqlalchemy import select

from tracker.extensions import db
from tracker.models import ExchangeRate

HEADER = "currency,quote_currency,month,rate,source\n"


def stored(app) -> list[tuple]:
    with app.app_context():
        query = select(ExchangeRate.currency, ExchangeRate.month, ExchangeRate.rate)
        return [tuple(row) for row in db.session.execute(query.order_by(ExchangeRate.month))]


def test_a_dry_run_writes_nothing_and_a_real_run_stores_the_rates(app, runner, tmp_path):
    path = tmp_path / "rates.csv"
    path.write_text(HEADER + "KZT,USD,2024-01,0.0021,NBK\nKZT,USD,2024-02,0.00212345678,NBK\n")
    result = runner.invoke(args=["import-rates", str(path), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "rates.csv: 2 to add, 0 to change, 0 unchanged; 0 errors. Dry run" in result.stdout
    assert "line 3, rate: warning: The rate 0.00212345678 has more than 8 decimals" in result.stderr
    assert stored(app) == []
    result = runner.invoke(args=["import-rates", str(path)])
    assert result.exit_code == 0, result.output
    assert "rates.csv: 2 added, 0 changed, 0 unchanged." in result.stdout
    assert stored(app) == [("KZT", date(2024, 1, 1), Decimal("0.0021")),
                           ("KZT", date(2024, 2, 1), Decimal("0.00212346"))]  # fmt: skip


def test_a_file_with_an_error_stores_nothing_and_exits_with_1(app, runner, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_text(HEADER + "KZT,USD,2024-01,0.0021,NBK\nKZT,USD,2024-02,abc,NBK\n")
    result = runner.invoke(args=["import-rates", str(path)])
    assert result.exit_code == 1
    assert (
        "line 3, rate: error: Give a number such as 0.00213 or 470.5, not “abc”." in result.stderr
    )
    assert "Nothing was imported: fix the errors first." in result.stderr
    assert stored(app) == []
