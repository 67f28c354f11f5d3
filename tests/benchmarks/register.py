"""Register benchmarks: the filtered, sorted page against the same query written by hand.

The reference is what a DBA would write for the page: the count of the matching projects and
the 50 rows of the page, bare, on one DBAPI connection. The page's time includes everything
else: parsing the URL, the links of the 50 rows, the filter choices, the template. To show
where that time goes, every statement the page runs is also captured and replayed bare.
"""

from __future__ import annotations

from sqlalchemy import event

from tracker import create_app
from tracker.extensions import db

# status=2 (implementation), goal 13 (climate action), largest budget first.
REGISTER_ARGS = "status=2&goal=13&sort=budget&dir=desc"
_MATCHING = (
    "FROM projects p WHERE p.status = 2 AND p.id IN ("
    "SELECT pt.project_id FROM project_targets pt JOIN targets t ON t.id = pt.target_id "
    "WHERE t.goal_number = 13)"
)
REGISTER_SQL = (
    f"SELECT count(*) {_MATCHING}",
    "SELECT p.id, p.code, p.title, p.status, p.planned_start, p.planned_end, p.actual_start, "
    f"p.actual_end, p.budget, p.currency, p.source {_MATCHING} "
    "ORDER BY p.budget DESC, p.id DESC LIMIT 50 OFFSET 0",
)
# A word in many synthetic titles and descriptions, and one in none (the whole table is read).
SEARCHES = ("water", "qwertyuiop")


def _total_on_page(html: str) -> int:
    start = html.index('id="result-count"><strong>') + len('id="result-count"><strong>')
    return int(html[start : html.index("</strong>", start)].replace(",", ""))


def _statements_of(client, path: str) -> list[tuple[str, object]]:
    """Every SQL statement (with its parameters) that one request for ``path`` runs."""
    statements = []

    def record(_conn, _cursor, statement, parameters, _context, _many):
        statements.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        client.get(path)
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    return statements


def bench_register(url: str, repeat: int, median_ms) -> dict[str, float]:
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench", "TESTING": False})
    client = app.test_client()
    with app.app_context():
        raw = db.engine.raw_connection()
        try:
            cursor = raw.cursor()

            def bare_sql():
                results = []
                for query in REGISTER_SQL:
                    cursor.execute(query)
                    results.append(cursor.fetchall())
                return results

            (count,), *_ = bare_sql()[0]
            sql_ms = median_ms(bare_sql, repeat)
            statements = _statements_of(client, f"/projects?{REGISTER_ARGS}")

            def replay():
                for statement, parameters in statements:
                    cursor.execute(statement, parameters)
                    cursor.fetchall()

            all_sql_ms = median_ms(replay, repeat)
        finally:
            raw.close()
        page = client.get(f"/projects?{REGISTER_ARGS}")
        # Honest comparison: the page and the hand-written query must find the same projects.
        assert page.status_code == 200 and _total_on_page(page.get_data(as_text=True)) == count
        page_ms = median_ms(lambda: client.get(f"/projects?{REGISTER_ARGS}"), repeat)
        search_ms = [
            median_ms(lambda word=word: client.get(f"/projects?q={word}"), max(3, repeat // 2))
            for word in SEARCHES
        ]
        for engine in db.engines.values():
            engine.dispose()
    return {"sql": sql_ms, "page": page_ms, "search": search_ms[0], "search_none": search_ms[1],
            "matches": count, "all_sql": all_sql_ms, "statements": len(statements)}  # fmt: skip


def print_register_rows(rows: list[tuple[str, int, dict[str, float]]]) -> None:
    print()
    print(f"Register (/projects?{REGISTER_ARGS}): median ms of the whole page next to")
    print("its bare SQL (count and the 50 rows, by hand), same run; all the SQL the page runs,")
    print("replayed bare (n statements); and whole pages of free-text search")
    print(f"{'database':<11} {'projects':>8}  {'matches':>7}  {'page':>8}  {'bare SQL':>8}  "
          f"{'ratio':>6}  {'all SQL':>10}  {'q=' + SEARCHES[0]:>8}  {'q=(none)':>8}")  # fmt: skip
    for database, size, result in rows:
        ratio = result["page"] / result["sql"]
        every = f"{result['all_sql']:.2f} ({result['statements']})"
        print(
            f"{database:<11} {size:>8,}  {result['matches']:>7,}  {result['page']:>8.2f}  "
            f"{result['sql']:>8.2f}  {ratio:>5.2f}x  {every:>10}  {result['search']:>8.2f}  "
            f"{result['search_none']:>8.2f}"
        )
