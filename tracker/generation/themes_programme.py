"""Further themes of an illustrative UN country programme in Kazakhstan.

These complement the partnership areas in `themes`; the same rules apply (real codes only,
checked by `seed_data/generate_portfolio.py`).
"""

from __future__ import annotations

from tracker.generation.themes import Theme

PROGRAMME_THEMES: tuple[Theme, ...] = (
    Theme(
        key="gender_equality",
        name="Gender equality and women's empowerment",
        weight=5,
        titles=(
            "Ending violence against women and girls in {place}",
            "Women's economic empowerment and entrepreneurship in {place}",
            "Gender-responsive budgeting in {place}",
            "Women's leadership in local decision-making in {place}",
            "Essential services for survivors of domestic violence in {place}",
            "Gender statistics for evidence-based policy in {place}",
        ),
        description=(
            "{lead} works with {gov} and women's organisations in {place} to prevent violence, "
            "widen economic opportunities for women and put gender equality into budgets."
        ),
        targets=("5.1", "5.2", "5.5", "5.a", "5.c", "8.5"),
        sectors=("15170", "15180", "16015", "32130"),
        leads=("UN Women", "UNFPA", "UNDP"),
        governments=("MLSPP", "MoJ", "MNE"),
        funders=("EU", "GoK"),
        budget=(100_000, 2_000_000),
        documents=("KAZAKHSTAN-2050",),
        withdrawn_sectors=("15164",),
    ),
    Theme(
        key="education",
        name="Quality and inclusive education",
        weight=5,
        titles=(
            "Inclusive education for children with disabilities in {place}",
            "Digital learning in rural schools of {place}",
            "Early childhood education and school readiness in {place}",
            "Modernising vocational training for green jobs in {place}",
            "Teacher professional development in {place}",
            "Multilingual education and learning outcomes in {place}",
            "Safe and climate-resilient schools in {place}",
        ),
        description=(
            "Supports {gov} and schools in {place} to improve learning for every child, with "
            "{lead} contributing methods, training and monitoring tools."
        ),
        targets=("4.1", "4.2", "4.4", "4.5", "4.7", "4.a", "4.c"),
        sectors=("11110", "11120", "11130", "11220", "11240", "11260", "11330"),
        leads=("UNICEF", "UNESCO", "UNDP", "ILO"),
        governments=("MoEdu", "MLSPP"),
        funders=("EU", "GoK"),
        budget=(150_000, 3_000_000),
        documents=("KAZAKHSTAN-2050",),
        withdrawn_sectors=("11321", "11322"),
        nationwide_chance=0.2,
    ),
    Theme(
        key="migration_refugees",
        name="Migration, refugees and statelessness",
        weight=3,
        titles=(
            "Protection and legal assistance for refugees and asylum-seekers in {place}",
            "Safe and regular labour migration from and to {place}",
            "Counter-trafficking and assistance to victims in {place}",
            "Reducing statelessness and securing legal identity in {place}",
            "Integration of returning ethnic Kazakhs (kandas) in {place}",
            "Migration data and border management in {place}",
        ),
        description=(
            "{lead} helps {gov} in {place} protect migrants, refugees and stateless persons and "
            "manage migration in a safe, orderly and regular way."
        ),
        targets=("10.7", "10.c", "16.2", "16.9", "8.7", "8.8"),
        sectors=("15190", "15136", "15160", "24050"),
        leads=("IOM", "UNHCR", "ILO"),
        governments=("MLSPP", "MFA", "MoJ"),
        funders=("EU", "GoK"),
        budget=(100_000, 2_500_000),
        documents=("KAZAKHSTAN-2050",),
        regional_chance=0.25,
    ),
    Theme(
        key="justice_crime",
        name="Justice, anti-corruption, drugs and crime",
        weight=4,
        titles=(
            "Preventing corruption in public services in {place}",
            "Countering drug trafficking along the northern route through {place}",
            "Juvenile justice and alternatives to detention in {place}",
            "Prison reform and rehabilitation of offenders in {place}",
            "Financial investigations against money laundering in {place}",
            "Drug-use prevention and treatment in {place}",
            "Court modernisation and e-justice services in {place}",
        ),
        description=(
            "{lead} supports {gov} and law-enforcement bodies in {place} to strengthen the rule "
            "of law, prevent corruption and respond to drugs and crime."
        ),
        targets=("16.3", "16.4", "16.5", "16.6", "16.1", "3.5"),
        sectors=("15113", "15130", "15131", "15134", "15137", "16063", "12330"),
        leads=("UNODC", "UNDP", "UNICEF"),
        governments=("MoJ", "MoH"),
        funders=("EU", "GoK"),
        budget=(150_000, 3_000_000),
        documents=("KAZAKHSTAN-2050",),
        withdrawn_sectors=("15140",),
        regional_chance=0.2,
    ),
    Theme(
        key="statistics_financing",
        name="Statistics and SDG financing",
        weight=4,
        titles=(
            "Integrated national financing framework for the SDGs in {place}",
            "SDG-aligned budgeting in {place}",
            "Strengthening SDG data and statistics in {place}",
            "Population and housing census support in {place}",
            "Sustainable finance taxonomy and SDG bonds for {place}",
            "SDG localisation and voluntary local reviews in {place}",
            "Public finance management for results in {place}",
        ),
        description=(
            "Helps {gov} in {place} measure progress on the SDGs and align public and private "
            "finance with them, with technical support from {lead}."
        ),
        targets=("17.1", "17.3", "17.14", "17.18", "17.19", "16.6"),
        sectors=("15111", "15117", "15127", "15114", "15196", "16062", "13096"),
        leads=("UNDP", "UNFPA", "UNICEF", "UNECE"),
        governments=("MNE", "MFA"),
        funders=("GoK", "EU"),
        budget=(100_000, 2_000_000),
        documents=("KAZAKHSTAN-2050",),
        withdrawn_sectors=("15120",),
        nationwide_chance=0.5,
    ),
    Theme(
        key="disaster_risk",
        name="Disaster risk reduction",
        weight=3,
        titles=(
            "Flood early warning and preparedness in {place}",
            "Earthquake risk reduction for schools and hospitals in {place}",
            "Mudflow and landslide risk mapping in {place}",
            "Community-based disaster risk management in {place}",
            "Strengthening emergency response capacity in {place}",
            "Disaster loss data and risk-informed planning in {place}",
        ),
        description=(
            "{lead} and {gov} reduce the risk of floods, earthquakes and mudflows in {place} "
            "through early warning, preparedness and risk-informed planning."
        ),
        targets=("11.5", "11.b", "13.1", "1.5", "13.3", "3.d"),
        sectors=("43060", "74020", "15143", "15133"),
        leads=("UNDP", "UNICEF", "WFP"),
        governments=("MES",),
        funders=("EU", "GoK", "GCF"),
        budget=(100_000, 3_000_000),
        withdrawn_sectors=("74010",),
        focus_regions=("KZ-75", "KZ-19", "KZ-33", "KZ-27", "KZ-15", "KZ-23", "KZ-39"),
        nationwide_chance=0.2,
        regional_chance=0.2,
    ),
    Theme(
        key="youth_employment",
        name="Youth and employment",
        weight=4,
        titles=(
            "Youth skills and first jobs in {place}",
            "Supporting young entrepreneurs in {place}",
            "Youth participation and volunteering in {place}",
            "Outreach and employment services for young people not in work in {place}",
            "Decent work and labour inspection in {place}",
            "Green and digital jobs for young people in {place}",
        ),
        description=(
            "{lead} works with {gov} and employers in {place} so that young people gain skills, "
            "find decent work and take part in decisions that affect them."
        ),
        targets=("8.5", "8.6", "8.3", "8.8", "4.4", "16.7"),
        sectors=("16020", "11330", "32130", "16070", "11231", "25030"),
        leads=("ILO", "UNDP", "UNICEF", "UNFPA"),
        governments=("MLSPP", "MoEdu"),
        funders=("EU", "GoK"),
        budget=(100_000, 2_000_000),
        documents=("KAZAKHSTAN-2050",),
    ),
    Theme(
        key="child_protection",
        name="Child protection",
        weight=4,
        titles=(
            "Family-based care instead of institutions for children in {place}",
            "Child-friendly justice in {place}",
            "Preventing violence against children in schools of {place}",
            "Early identification and support for children with disabilities in {place}",
            "Child poverty monitoring and child-sensitive budgeting in {place}",
            "Mental health and psychosocial support for adolescents in {place}",
        ),
        description=(
            "Supports {gov} and local services in {place} to protect children from violence, "
            "neglect and family separation, with {lead} as the lead UN partner."
        ),
        targets=("16.2", "1.3", "4.2", "4.5", "16.9", "5.3"),
        sectors=("16015", "15160", "15130", "16010", "12340"),
        leads=("UNICEF", "UNDP"),
        governments=("MoEdu", "MLSPP", "MoJ"),
        funders=("GoK", "EU"),
        budget=(100_000, 1_500_000),
        withdrawn_sectors=("15162",),
        nationwide_chance=0.2,
    ),
    Theme(
        key="hiv_public_health",
        name="HIV and public health",
        weight=4,
        titles=(
            "HIV prevention among key populations in {place}",
            "Tuberculosis case finding and treatment adherence in {place}",
            "Sexual and reproductive health services for young people in {place}",
            "Prevention of noncommunicable diseases in {place}",
            "Immunisation and vaccine confidence in {place}",
            "Quality of maternal and newborn care in {place}",
            "Mental health services in primary care in {place}",
        ),
        description=(
            "{lead} helps {gov} and health facilities in {place} prevent and treat HIV, "
            "tuberculosis and noncommunicable diseases and reach people most at risk."
        ),
        targets=("3.1", "3.2", "3.3", "3.4", "3.7", "3.a", "3.b"),
        sectors=("13040", "12263", "12250", "13020", "12350", "12340", "12320", "16064"),
        leads=("WHO", "UNAIDS", "UNFPA", "UNICEF"),
        governments=("MoH",),
        funders=("GoK", "EU"),
        budget=(100_000, 3_000_000),
        nationwide_chance=0.2,
    ),
    Theme(
        key="biodiversity",
        name="Biodiversity and ecosystems",
        weight=3,
        titles=(
            "Conservation of saiga antelope habitats in {place}",
            "Expanding protected areas in {place}",
            "Sustainable forest management and saxaul restoration in {place}",
            "Snow leopard conservation and mountain ecosystems in {place}",
            "Wetland conservation for migratory birds in {place}",
            "Biodiversity finance and ecotourism in {place}",
        ),
        description=(
            "{lead} and {gov} conserve steppe, forest, mountain and wetland ecosystems in "
            "{place} together with protected-area staff and local communities."
        ),
        targets=("15.1", "15.2", "15.4", "15.5", "15.7", "15.9", "15.a"),
        sectors=("41030", "41020", "41040", "31210", "31220"),
        leads=("UNDP", "UNEP", "FAO"),
        governments=("MENR", "MoA"),
        funders=("GEF", "EU"),
        budget=(200_000, 5_000_000),
        documents=("GREEN-ECONOMY-CONCEPT",),
        focus_regions=("KZ-11", "KZ-43", "KZ-33", "KZ-62", "KZ-63", "KZ-19"),
        nationwide_chance=0.15,
        regional_chance=0.15,
    ),
    Theme(
        key="urban_development",
        name="Sustainable urban development",
        weight=3,
        titles=(
            "Smart and sustainable city planning for {place}",
            "Improving solid waste management in {place}",
            "Accessible public spaces and transport in {place}",
            "Affordable and energy-efficient housing in {place}",
            "Air quality monitoring and clean-air action in {place}",
            "Upgrading urban water supply and sanitation in {place}",
        ),
        description=(
            "Supports {gov} and city administrations in {place} to plan greener, safer and more "
            "inclusive cities, with {lead} bringing international practice."
        ),
        targets=("11.1", "11.2", "11.3", "11.6", "11.7", "6.1", "6.2"),
        sectors=("43030", "43032", "14050", "14020", "21012", "16030"),
        leads=("UNDP", "UNECE", "UNEP", "UNOPS"),
        governments=("MNE", "MENR"),
        funders=("EU", "GoK", "GEF"),
        budget=(200_000, 5_000_000),
        documents=("GREEN-ECONOMY-CONCEPT", "KAZAKHSTAN-2050"),
        focus_regions=("KZ-71", "KZ-75", "KZ-79", "KZ-35", "KZ-55"),
        nationwide_chance=0.1,
    ),
)
