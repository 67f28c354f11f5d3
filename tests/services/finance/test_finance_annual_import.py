"""The budget rule holds after an IATI import replaces a project's annual figures."""

from tests.iati_files import built_file
from tests.services.exchange.test_importing_published import fresh, imported, project  # noqa: F401


def test_a_changed_iati_file_leaves_the_budget_the_sum_of_the_required_years(fresh):  # noqa: F811
    imported(fresh, built_file())
    imported(fresh, built_file().replace(b">1200<", b">1300<"))
    output = project(fresh, "XM-TEST-OUT-A")
    required = [a.amount for a in output.annual_figures if a.measure == "required"]
    assert output.budget == sum(required) == 4950
