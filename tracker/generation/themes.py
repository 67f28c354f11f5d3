"""Themes of the illustrative portfolio: the `Theme` record and the seven partnership areas.

The partnership areas agreed between the UN system and the Government of Kazakhstan are here;
the other themes a UN country programme runs are in `themes_programme`. Every code used (SDG
target, DAC 5-digit sector, region, organisation acronym, strategic document) must exist in
`seed_data/reference/`; `seed_data/generate_portfolio.py` checks that before writing anything.

Title patterns and the description pattern may use `{place}`; the description may also use
`{lead}` (lead UN entity) and `{gov}` (government partner).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Theme:
    """One thematic area and the pools a generated project of that theme draws from."""

    key: str
    name: str
    weight: float
    titles: tuple[str, ...]
    description: str
    targets: tuple[str, ...]
    sectors: tuple[str, ...]
    leads: tuple[str, ...]
    governments: tuple[str, ...]
    funders: tuple[str, ...]
    budget: tuple[int, int]
    documents: tuple[str, ...] = ()
    # Withdrawn DAC codes of a fitting category, used now and then by older projects.
    withdrawn_sectors: tuple[str, ...] = ()
    # Regions (ISO 3166-2:KZ) drawn three times as often as the others.
    focus_regions: tuple[str, ...] = ()
    nationwide_chance: float = 0.25
    regional_chance: float = 0.0

    def __post_init__(self) -> None:
        problems = []
        if not 5 <= len(self.titles) <= 10:
            problems.append("needs 5-10 title patterns")
        if not 3 <= len(self.targets) <= 8:
            problems.append("needs 3-8 SDG targets")
        if not self.sectors or not self.leads or not self.governments or not self.funders:
            problems.append("needs sectors, leads, governments and funders")
        if not 0 < self.budget[0] < self.budget[1]:
            problems.append("budget range must be increasing and positive")
        if self.nationwide_chance + self.regional_chance >= 1:
            problems.append("nationwide and regional chances leave no room for regions")
        for pool in (self.titles, self.targets, self.sectors, self.leads, self.governments):
            if len(set(pool)) != len(pool):
                problems.append(f"duplicate in {pool}")
        if any("{place}" not in title for title in self.titles):
            problems.append("every title pattern needs {place}")
        if problems:
            raise ValueError(f"theme {self.key}: " + "; ".join(problems))


PARTNERSHIP_THEMES: tuple[Theme, ...] = (
    Theme(
        key="digital_health",
        name="Digital transformation in healthcare",
        weight=9,
        titles=(
            "Strengthening primary health care through digital records in {place}",
            "Digital health information system for {place}",
            "Telemedicine for rural clinics in {place}",
            "E-prescribing and medicines supply tracking in {place}",
            "Digital tools for maternal and child health in {place}",
            "Health data interoperability and analytics in {place}",
            "Digital skills for health workers in {place}",
        ),
        description=(
            "{lead} supports {gov} and health managers in {place} to digitise patient records, "
            "connect clinics and use routine health data for planning."
        ),
        targets=("3.8", "3.d", "3.c", "9.c", "17.8", "3.4", "17.18"),
        sectors=("12110", "12196", "12220", "12281", "22040", "12191"),
        leads=("WHO", "UNDP", "UNICEF", "UNFPA"),
        governments=("MoH", "MDDIAI"),
        funders=("GoK", "EU"),
        budget=(300_000, 4_000_000),
        documents=("KAZAKHSTAN-2050",),
        nationwide_chance=0.25,
    ),
    Theme(
        key="social_protection",
        name="Efficient and accessible social protection",
        weight=8,
        titles=(
            "Integrated social services for vulnerable families in {place}",
            "Digital case management for social assistance in {place}",
            "Inclusive social protection for persons with disabilities in {place}",
            "Targeted social assistance reform in {place}",
            "Shock-responsive social protection in {place}",
            "Pension adequacy and social protection floor analysis for {place}",
            "Community-based care services for older persons in {place}",
        ),
        description=(
            "Helps {gov} in {place} make social benefits and services easier to reach for the "
            "families who need them, with {lead} providing technical advice and training."
        ),
        targets=("1.3", "1.2", "10.2", "10.4", "5.4", "16.6"),
        sectors=("16010", "16011", "16012", "16013", "16015", "16050"),
        leads=("UNICEF", "UNDP", "ILO", "UNFPA"),
        governments=("MLSPP", "MDDIAI", "MNE"),
        funders=("GoK", "EU"),
        budget=(200_000, 3_000_000),
        documents=("KAZAKHSTAN-2050",),
        nationwide_chance=0.3,
    ),
    Theme(
        key="energy_efficiency",
        name="Energy efficiency investment",
        weight=7,
        titles=(
            "Energy-efficient retrofits of public buildings in {place}",
            "De-risking energy efficiency investment in {place}",
            "Modernising district heating in {place}",
            "Energy management systems for industry in {place}",
            "Efficient street lighting for municipalities in {place}",
            "Green financing for residential energy efficiency in {place}",
            "Energy efficiency standards and labelling in {place}",
        ),
        description=(
            "{lead} and {gov} mobilise public and private investment in energy efficiency in "
            "{place}, cutting energy use and emissions of buildings, heating and industry."
        ),
        targets=("7.3", "7.a", "7.b", "9.4", "13.2", "11.6", "17.3"),
        sectors=("23183", "23111", "23112", "23620", "23610", "24030"),
        leads=("UNDP", "UNIDO", "UNECE"),
        governments=("MoE", "MNE"),
        funders=("GEF", "GCF", "EU", "GoK"),
        budget=(500_000, 8_000_000),
        documents=("CARBON-NEUTRALITY-2060", "GREEN-ECONOMY-CONCEPT"),
        withdrawn_sectors=("23010", "23081"),
        focus_regions=("KZ-35", "KZ-55", "KZ-63", "KZ-71", "KZ-75"),
        nationwide_chance=0.2,
    ),
    Theme(
        key="sustainable_agriculture",
        name="Sustainable agriculture",
        weight=7,
        titles=(
            "Climate-smart agriculture for smallholder farmers in {place}",
            "Sustainable rangeland and livestock management in {place}",
            "Water-saving irrigation for farms in {place}",
            "Agricultural cooperatives and value chains in {place}",
            "Restoring degraded farmland in {place}",
            "Food safety and quality systems for agri-food exports from {place}",
            "Agricultural extension services for rural women in {place}",
        ),
        description=(
            "Works with {gov} and farmers in {place} to raise yields and incomes while using "
            "less water and restoring soils; {lead} provides technical expertise."
        ),
        targets=("2.3", "2.4", "2.a", "15.3", "6.4", "12.3", "5.a"),
        sectors=("31110", "31120", "31130", "31140", "31163", "31166", "31194", "43073"),
        leads=("FAO", "UNDP", "WFP"),
        governments=("MoA", "MWRI"),
        funders=("GEF", "EU", "GoK", "GCF"),
        budget=(200_000, 5_000_000),
        documents=("GREEN-ECONOMY-CONCEPT",),
        focus_regions=("KZ-11", "KZ-39", "KZ-59", "KZ-31", "KZ-61", "KZ-19"),
        nationwide_chance=0.15,
        regional_chance=0.05,
    ),
    Theme(
        key="human_rights",
        name="National human-rights mechanisms",
        weight=5,
        titles=(
            "Strengthening the national preventive mechanism against torture in {place}",
            "Regional presence of the Commissioner for Human Rights in {place}",
            "Follow-up to treaty-body and UPR recommendations in {place}",
            "Access to justice and legal aid for vulnerable groups in {place}",
            "Human rights education for civil servants in {place}",
            "Monitoring the rights of persons in closed institutions in {place}",
            "Business and human rights dialogue in {place}",
        ),
        description=(
            "{lead} supports the Commissioner for Human Rights and {gov} in {place} to monitor, "
            "report on and act upon human rights recommendations."
        ),
        targets=("16.a", "16.3", "16.b", "16.10", "10.3", "16.6"),
        sectors=("15160", "15135", "15130", "15150"),
        leads=("OHCHR", "UNDP", "UNICEF"),
        governments=("Ombudsman", "MoJ", "MFA"),
        funders=("EU", "GoK"),
        budget=(100_000, 1_500_000),
        documents=("KAZAKHSTAN-2050",),
        withdrawn_sectors=("15162",),
        nationwide_chance=0.45,
    ),
    Theme(
        key="central_asia_water",
        name="Ecology and climate resilience in Central Asia (water scarcity)",
        weight=6,
        titles=(
            "Transboundary water cooperation in {place}",
            "Building climate resilience of water-scarce communities in {place}",
            "Integrated water resources management in {place}",
            "Drought early warning and water monitoring in {place}",
            "Glacier and snowmelt monitoring for water security in {place}",
            "Community water saving and drinking water access in {place}",
            "Land and water restoration against desertification in {place}",
        ),
        description=(
            "Helps {gov} and water users in {place} adapt to growing water scarcity through "
            "shared data, basin planning and water-saving measures, supported by {lead}."
        ),
        targets=("6.4", "6.5", "6.a", "6.b", "6.6", "13.1", "13.3", "15.3"),
        sectors=("14010", "14015", "14040", "41010", "31140", "43060", "14031"),
        leads=("UNDP", "UNEP", "FAO", "UNECE"),
        governments=("MWRI", "MENR", "MoA", "MES"),
        funders=("GEF", "GCF", "EU"),
        budget=(300_000, 6_000_000),
        documents=("GREEN-ECONOMY-CONCEPT", "KAZAKHSTAN-2050"),
        withdrawn_sectors=("41050",),
        focus_regions=("KZ-43", "KZ-61", "KZ-31", "KZ-19", "KZ-33"),
        nationwide_chance=0.15,
        regional_chance=0.6,
    ),
    Theme(
        key="carbon_neutrality",
        name="Carbon neutrality",
        weight=6,
        titles=(
            "Low-carbon development pathways for {place}",
            "Renewable energy auctions and grid integration in {place}",
            "Measuring, reporting and verification of greenhouse gas emissions in {place}",
            "Methane reduction in the energy and waste sectors of {place}",
            "Decarbonising urban transport in {place}",
            "Just transition for coal-dependent communities in {place}",
            "Implementing the nationally determined contribution in {place}",
        ),
        description=(
            "{lead} assists {gov} in {place} to plan and finance the shift to low-carbon energy, "
            "transport and waste management on the way to carbon neutrality."
        ),
        targets=("13.2", "13.3", "7.2", "7.3", "9.4", "12.c", "8.4"),
        sectors=("41010", "23210", "23240", "23230", "23111", "23630", "21012", "14050"),
        leads=("UNDP", "UNEP", "UNIDO", "UNECE"),
        governments=("MENR", "MoE", "MNE"),
        funders=("GEF", "GCF", "EU", "GoK"),
        budget=(400_000, 10_000_000),
        documents=("CARBON-NEUTRALITY-2060", "GREEN-ECONOMY-CONCEPT", "KAZAKHSTAN-2050"),
        withdrawn_sectors=("23030", "23010"),
        focus_regions=("KZ-35", "KZ-55", "KZ-62", "KZ-71", "KZ-75"),
        nationwide_chance=0.3,
        regional_chance=0.1,
    ),
)
