"""The demo content: the 2018 tour of MIEUX Regional Round-tables.

Facts come from public sources (the report of the Bangkok round-table of March
2018 and the programme's pages on its Actions and round-tables); the texts are
written for this site. Where sources disagree, the better-sourced value is kept
and the disagreement is noted. Participants are described by role and
institution only; their e-mail addresses use the reserved example.org domain.

Each record is keyed by its natural key, so that loading twice changes nothing.
"""

from datetime import date

REGIONS = [
    {
        "slug": "west-africa",
        "name": "West Africa",
        "position": 1,
        "countries": "BJ BF CV CI GM GH GN GW LR ML MR NE NG SN SL TG",
        "summary": (
            "MIEUX has worked with governments and regional bodies across West Africa on "
            "migration policy development and on the skills of the institutions that carry "
            "it out. Cotonou hosted the last stop of the 2018 round-table tour."
        ),
        "facts": "MIEUX ran 52 Actions in Africa between 2009 and 2018.",
    },
    {
        "slug": "central-eastern-southern-africa",
        "name": "Central, Eastern & Southern Africa",
        "position": 2,
        "countries": (
            "AO BI BW CD CF CG CM DJ ER ET GA GQ KE KM LS MG MU MW MZ NA RW SC SD SO SS "
            "ST SZ TD TZ UG ZA ZM ZW"
        ),
        "summary": (
            "In Central, Eastern and Southern Africa the programme's partners have asked "
            "above all for help with migration data, diaspora engagement and national "
            "migration policies. Nairobi hosted the region's round-table in 2018."
        ),
        "facts": (
            "22 of MIEUX's 52 Actions in Africa (2009–2018) took place in Central, Eastern "
            "and Southern Africa."
        ),
    },
    {
        "slug": "asia",
        "name": "Asia",
        "position": 3,
        "countries": "KH ID KZ KG LA MY MM PH TH TL TJ TM UZ VN",
        "summary": (
            "Asia is the first region of destination for international migration, and the "
            "search for better work drives much of the movement in Central and South-East "
            "Asia. Since 2009 MIEUX has supported the region's governments mainly on labour "
            "migration and on the fight against trafficking in human beings: operational "
            "tools, information and awareness campaigns, and policy development."
        ),
        "facts": "\n".join(
            [
                "17 Actions in the region between 2009 and 2018.",
                "About 60% of the world's international migrants live in Asia.",
                "Asia gained about 30 million international migrants between 2000 and 2017, "
                "some 1.8 million a year: more than any other region.",
            ]
        ),
    },
    {
        "slug": "eu-neighbourhood",
        "name": "EU Neighbourhood",
        "position": 4,
        "countries": "AM AZ BY DZ EG GE JO LB LY MA MD PS SY TN UA",
        "summary": (
            "The countries to the east and south of the European Union, where MIEUX has "
            "supported migration authorities on request."
        ),
        "facts": "",
    },
    {
        "slug": "latin-america-caribbean",
        "name": "Latin America & the Caribbean",
        "position": 5,
        "countries": (
            "AR BB BO BR BZ CL CO CR CU DO EC GT GY HN HT JM MX NI PA PE PY SR SV TT UY VE"
        ),
        "summary": (
            "In Latin America and the Caribbean the programme's partners have focused on "
            "the protection of vulnerable migrants and on the (re)integration of those who "
            "return. Mexico City hosted the region's round-table in 2018."
        ),
        "facts": "",
    },
]

THEMATIC_AREAS = [
    ("irregular-migration-thb", "Irregular Migration & Trafficking in Human Beings"),
    ("legal-migration-mobility", "Legal Migration & Mobility"),
    ("international-protection-asylum", "International Protection & Asylum Policy"),
    ("migration-development", "Migration & Development"),
    ("horizontal-interventions", "Horizontal Interventions"),
]

SPECIFIC_AREAS = [
    ("HO", "Training Capacities Development"),
    ("HO", "Public Relations / Communication / Information"),
    ("LM", "Labour Migration"),
    ("IMT", "Irregular Migration"),
    ("IMT", "Trafficking in Human Beings"),
    ("IP", "International Protection and Asylum Policy"),
    ("MD", "Migration and Development"),
]

INSTITUTIONS = [
    {
        "slug": "icmpd",
        "name": "International Centre for Migration Policy Development",
        "acronym": "ICMPD",
        "country": "",
        "kind": "international_organisation",
    },
    {
        "slug": "dole-philippines",
        "name": "Department of Labor and Employment",
        "acronym": "DOLE",
        "country": "PH",
        "kind": "ministry",
    },
    {
        "slug": "poea-philippines",
        "name": "Philippine Overseas Employment Administration",
        "acronym": "POEA",
        "country": "PH",
        "kind": "agency",
    },
    {
        "slug": "molsw-lao-pdr",
        "name": "Ministry of Labour and Social Welfare",
        "acronym": "MoLSW",
        "country": "LA",
        "kind": "ministry",
    },
    {
        "slug": "council-for-migration-kyrgyzstan",
        "name": "Secretariat of the Council for Migration under the Speaker of Parliament",
        "acronym": "",
        "country": "KG",
        "kind": "parliament",
    },
    {
        "slug": "segob-mexico",
        "name": "Ministry of the Interior (Secretaría de Gobernación)",
        "acronym": "SEGOB",
        "country": "MX",
        "kind": "ministry",
    },
    {
        "slug": "inm-mexico",
        "name": "National Institute of Migration (Instituto Nacional de Migración)",
        "acronym": "INM",
        "country": "MX",
        "kind": "agency",
    },
    {
        "slug": "immigration-services-kenya",
        "name": "Department for Immigration Services",
        "acronym": "",
        "country": "KE",
        "kind": "agency",
    },
    {
        "slug": "comesa",
        "name": "Common Market for Eastern and Southern Africa",
        "acronym": "COMESA",
        "country": "",
        "kind": "regional_organisation",
    },
    {
        "slug": "giz",
        "name": "Deutsche Gesellschaft für Internationale Zusammenarbeit",
        "acronym": "GIZ",
        "country": "",
        "kind": "international_organisation",
    },
]

ACTIONS = [
    {
        "slug": "the-philippines-i",
        "title": "The Philippines I",
        "region": "asia",
        "countries": "PH",
        "requesting": ["dole-philippines"],
        "beneficiary": ["poea-philippines"],
        "thematic_area": "irregular-migration-thb",
        "specific_areas": [
            ("HO", "Public Relations / Communication / Information"),
            ("IMT", "Irregular Migration"),
            ("IMT", "Trafficking in Human Beings"),
        ],
        "status": "completed",
        "start_date": date(2009, 12, 1),
        "end_date": date(2012, 5, 1),
        "dates_note": (
            "The report of the Bangkok round-table dates this Action 2011–2013; the "
            "Action's own page gives December 2009 to May 2012, kept here."
        ),
        "expert_countries": "AT DE PH PT",
        "expert_sectors": "",
        "summary": (
            "An awareness-raising campaign against illegal recruitment and trafficking in "
            "human beings, prepared with the agency that regulates overseas employment."
        ),
        "objectives": (
            "Help the Philippine Overseas Employment Administration warn prospective "
            "migrant workers about illegal recruiters and traffickers, and give its staff "
            "the means to run such campaigns themselves."
        ),
        "description": (
            "Requested by the Department of Labor and Employment, the Action worked with "
            "officials of the Philippine Overseas Employment Administration on how to plan, "
            "target and evaluate a public information campaign. Experts from Austria, "
            "Germany, Portugal and the Philippines took part."
        ),
        "results": (
            "POEA officials learnt the methods of social marketing and have used them since "
            "in their campaigns for Filipino migrant workers."
        ),
        "activities": [
            {
                "number": 1,
                "kind": "training",
                "title": "Social marketing for public information campaigns",
                "place": "Manila",
                "country": "PH",
            },
        ],
    },
    {
        "slug": "southeast-asia",
        "title": "Southeast Asia",
        "region": "asia",
        "countries": "ID PH VN",
        "requesting": [],
        "beneficiary": [],
        "thematic_area": "legal-migration-mobility",
        "specific_areas": [
            ("LM", "Labour Migration"),
            ("MD", "Migration and Development"),
            ("IMT", "Irregular Migration"),
        ],
        "status": "completed",
        "start_date": date(2012, 3, 1),
        "end_date": date(2013, 10, 1),
        "dates_note": "",
        "expert_countries": "",
        "expert_sectors": "",
        "summary": (
            "The first regional Action in South-East Asia, requested jointly by Indonesia, "
            "the Philippines and Viet Nam."
        ),
        "objectives": (
            "Strengthen the three governments' management of labour migration and their "
            "cooperation with one another."
        ),
        "description": (
            "Three governments asked together for support, making this the programme's "
            "first regional Action in the region. It covered labour migration, the links "
            "between migration and development, and irregular migration."
        ),
        "results": "",
        "activities": [],
    },
    {
        "slug": "kyrgyzstan-iv",
        "title": "Kyrgyzstan IV",
        "region": "asia",
        "countries": "KG",
        "requesting": ["council-for-migration-kyrgyzstan"],
        "beneficiary": ["council-for-migration-kyrgyzstan"],
        "thematic_area": "legal-migration-mobility",
        "specific_areas": [
            ("HO", "Training Capacities Development"),
            ("LM", "Labour Migration"),
        ],
        "status": "completed",
        "start_date": date(2021, 6, 1),
        "end_date": date(2024, 1, 1),
        "dates_note": "",
        "expert_countries": "FR PL",
        "expert_sectors": "",
        "summary": (
            "A standardised training programme on labour migration for officials in seven "
            "regions of Kyrgyzstan."
        ),
        "objectives": (
            "Give officials across the country the same grounding in labour migration "
            "through one standard training programme."
        ),
        "description": (
            "Requested by the Secretariat of the Council for Migration under the Speaker of "
            "Parliament, with experts from France and Poland."
        ),
        "results": "",
        "activities": [
            {
                "number": 1,
                "kind": "training",
                "title": "Standardised training programme for seven regions",
                "place": "",
                "country": "KG",
            },
        ],
    },
    {
        "slug": "mexico-ii",
        "title": "Mexico II",
        "region": "latin-america-caribbean",
        "countries": "MX",
        "requesting": ["segob-mexico", "inm-mexico"],
        "beneficiary": ["inm-mexico"],
        "thematic_area": "international-protection-asylum",
        "specific_areas": [("IP", "International Protection and Asylum Policy")],
        "status": "completed",
        "start_date": date(2017, 1, 1),
        "end_date": None,
        "dates_note": "Ended in 2018; sources disagree on the month.",
        "expert_countries": "AT ES",
        "expert_sectors": "",
        "summary": (
            "Seven activities with Mexico's migration authorities, from a launch seminar to "
            "a study visit to Spain and Austria; 755 participants trained."
        ),
        "objectives": (
            "Build the capacity of Mexico's migration authorities to protect and assist "
            "migrants in vulnerable situations."
        ),
        "description": (
            "Requested by the Ministry of the Interior and the National Institute of "
            "Migration. The Action opened with 80 participants on 16 and 17 February 2017 "
            "and ran seven activities, among them a seminar in Tapachula and a study visit "
            "to Spain and Austria."
        ),
        "results": "755 participants trained over the seven activities.",
        "activities": [
            {
                "number": 1,
                "kind": "seminar",
                "title": "Launch of the Action",
                "place": "",
                "country": "MX",
                "start_date": date(2017, 2, 16),
                "end_date": date(2017, 2, 17),
                "description": "80 participants.",
            },
            {
                "number": 2,
                "kind": "seminar",
                "title": "Seminar in Tapachula",
                "place": "Tapachula",
                "country": "MX",
            },
            {
                "number": 3,
                "kind": "study_visit",
                "title": "Study visit to Spain and Austria",
                "place": "",
                "country": "ES",
            },
        ],
    },
    {
        "slug": "mexico-iii",
        "title": "Mexico III",
        "region": "latin-america-caribbean",
        "countries": "MX",
        "requesting": ["inm-mexico"],
        "beneficiary": ["inm-mexico"],
        "thematic_area": "international-protection-asylum",
        "specific_areas": [("IP", "International Protection and Asylum Policy")],
        "status": "completed",
        "start_date": date(2019, 3, 1),
        "end_date": date(2020, 4, 1),
        "dates_note": "",
        "expert_countries": "ES",
        "expert_sectors": "",
        "summary": (
            "A protocol for the protection of and assistance to migrants caught in crisis "
            "situations."
        ),
        "objectives": (
            "Give the National Institute of Migration a protocol for protecting and "
            "assisting migrants in crisis situations."
        ),
        "description": "Requested by the National Institute of Migration, with experts from Spain.",
        "results": "",
        "activities": [
            {
                "number": 1,
                "kind": "drafting",
                "title": "Protocol on protection and assistance to migrants in crisis situations",
                "place": "",
                "country": "MX",
            },
        ],
    },
]

# The results that participants reported at Bangkok, keyed by (country, reference).
OUTCOMES = [
    {
        "country": "TH",
        "code": "return-focal-points",
        "title": "Focal points for the return of Thai victims of trafficking from the EU",
        "kind": "network",
        "status": "achieved",
        "actions": [],
        "description": (
            "A study visit to Belgium during a MIEUX Action put Thai officials in touch "
            "with their counterparts in EU authorities. The contacts grew into focal points "
            "who handle the repatriation and voluntary return of Thai victims of "
            "trafficking from the EU."
        ),
        "evidence": "Reported by the Thai authorities at the Bangkok round-table, March 2018.",
    },
    {
        "country": "TH",
        "code": "victim-protection-protocol",
        "title": "Revision of Thailand's protocol for the protection of victims",
        "kind": "policy",
        "status": "in_progress",
        "actions": [],
        "description": (
            "Seeing how victims of trafficking are assisted in the EU led the Thai "
            "authorities to revise their own protection protocol, so that victims can be "
            "helped outside the protection shelters as well. In March 2018 the change in "
            "legislation was still pending and expected within months."
        ),
        "evidence": "Reported by the Thai authorities at the Bangkok round-table, March 2018.",
    },
    {
        "country": "LA",
        "code": "nmdwg-convened",
        "title": "The National Migration Data Working Group meets for the first time",
        "kind": "coordination",
        "status": "achieved",
        "actions": [],
        "description": (
            "The Ministry of Labour and Social Welfare brought together, for the first "
            "time, the National Migration Data Working Group (NMDWG): an inter-ministerial "
            "group that works with a MIEUX Action towards a national labour migration "
            "database."
        ),
        "evidence": (
            "Reported at the Bangkok round-table, March 2018. The report names the ministry "
            "“Labour and Social Development”; its official name is Labour and Social Welfare."
        ),
    },
    {
        "country": "PH",
        "code": "social-marketing",
        "title": "Social marketing in campaigns for Filipino migrant workers",
        "kind": "communication",
        "status": "achieved",
        "actions": ["the-philippines-i"],
        "description": (
            "Officials of the Philippine Overseas Employment Administration were introduced "
            "to social marketing during a MIEUX Action, and have carried the method into "
            "the communication campaigns for Filipino migrant workers that followed."
        ),
        "evidence": "Reported at the Bangkok round-table, March 2018.",
    },
    {
        "country": "TL",
        "code": "police-training",
        "title": "Police officers trained in EU methods on borders and trafficking",
        "kind": "capacity",
        "status": "achieved",
        "actions": [],
        "description": (
            "Police officers who took part in MIEUX training learnt how EU services work on "
            "border management and trafficking in human beings, and came away aware of "
            "what needs improving and of how much the training of their own staff matters."
        ),
        "evidence": "Reported at the Bangkok round-table, March 2018.",
    },
    {
        "country": "KH",
        "code": "police-training",
        "title": "Police officers trained in EU methods on borders and trafficking",
        "kind": "capacity",
        "status": "achieved",
        "actions": [],
        "description": (
            "Police officers who took part in MIEUX training learnt how EU services work on "
            "border management and trafficking in human beings, and came away aware of "
            "what needs improving and of how much the training of their own staff matters."
        ),
        "evidence": "Reported at the Bangkok round-table, March 2018.",
    },
    {
        "country": "KG",
        "code": "national-migration-policy",
        "title": "A long-term vision for the National Migration Policy",
        "kind": "policy",
        "status": "in_progress",
        "actions": [],
        "description": (
            "According to the Kyrgyz authorities, MIEUX gave them a rare chance to work out "
            "the long-term vision of the National Migration Policy, which in March 2018 was "
            "in the last stage of ratification."
        ),
        "evidence": "Reported by the Kyrgyz authorities at the Bangkok round-table, March 2018.",
    },
]

ROUNDTABLES = [
    {
        "slug": "bangkok-2018",
        "title": "Regional Round-table for Asia",
        "position": 1,
        "region": "asia",
        "status": "held",
        "city": "Bangkok",
        "host_country": "TH",
        "host_institution": None,
        "latitude": 13.7563,
        "longitude": 100.5018,
        "start_date": date(2018, 3, 5),
        "end_date": date(2018, 3, 6),
        "date_precision": "day",
        "approximate_date": "",
        "countries": "KH KG LA MM TL TH PH",
        "thematic_areas": ["legal-migration-mobility", "irregular-migration-thb"],
        "focus": "Labour migration; trafficking in human beings",
        "summary": (
            "The first stop of the tour marking MIEUX's tenth anniversary. Officials from "
            "seven Asian countries, two experts from past Actions and the MIEUX team looked "
            "back on the programme's work in the region and on what it changed in their "
            "institutions."
        ),
        "report": (
            "Participants were asked what the programme's Actions had achieved in their "
            "institutions and countries, and which practices deserve to be carried into "
            "future capacity building. They reported new networks with EU authorities, a "
            "protocol under revision, an inter-ministerial working group meeting for the "
            "first time, communication skills still in use years later, police officers "
            "better prepared on borders and trafficking, and a national migration policy "
            "close to adoption."
        ),
        "outcomes": [
            ("TH", "return-focal-points"),
            ("TH", "victim-protection-protocol"),
            ("LA", "nmdwg-convened"),
            ("PH", "social-marketing"),
            ("TL", "police-training"),
            ("KH", "police-training"),
            ("KG", "national-migration-policy"),
        ],
    },
    {
        "slug": "mexico-city-2018",
        "title": "Regional Round-table for Latin America and the Caribbean",
        "position": 2,
        "region": "latin-america-caribbean",
        "status": "held",
        "city": "Mexico City",
        "host_country": "MX",
        "host_institution": "inm-mexico",
        "latitude": 19.4326,
        "longitude": -99.1332,
        "start_date": date(2018, 7, 1),
        "end_date": None,
        "date_precision": "month",
        "approximate_date": "",
        "countries": "AR CR DO MX PY PE",
        "thematic_areas": ["international-protection-asylum", "migration-development"],
        "focus": "(Re)integration; protection of vulnerable migrants",
        "summary": (
            "Two and a half days in Mexico City, co-hosted by Mexico's National Institute "
            "of Migration, on what MIEUX's Actions in Latin America and the Caribbean have "
            "left behind. First announced for late May 2018, it took place in July."
        ),
        "report": "",
        "outcomes": [],
    },
    {
        "slug": "nairobi-2018",
        "title": "Regional Round-table for Central, Eastern and Southern Africa",
        "position": 3,
        "region": "central-eastern-southern-africa",
        "status": "held",
        "city": "Nairobi",
        "host_country": "KE",
        "host_institution": "immigration-services-kenya",
        "latitude": -1.2921,
        "longitude": 36.8219,
        "start_date": date(2018, 9, 1),
        "end_date": None,
        "date_precision": "month",
        "approximate_date": "",
        "countries": "CF CD KE MG MW MU RW",
        "thematic_areas": ["migration-development", "horizontal-interventions"],
        "focus": "Migration data; diaspora engagement; migration policy development",
        "summary": (
            "Some twenty partners, from national governments to COMESA and GIZ, met in "
            "Nairobi with Kenya's Department for Immigration Services as co-host."
        ),
        "report": "",
        "outcomes": [],
    },
    {
        "slug": "cotonou-2018",
        "title": "Regional Round-table for West Africa",
        "position": 4,
        "region": "west-africa",
        "status": "held",
        "city": "Cotonou",
        "host_country": "BJ",
        "host_institution": None,
        "latitude": 6.3703,
        "longitude": 2.3912,
        "start_date": date(2018, 10, 1),
        "end_date": None,
        "date_precision": "month",
        "approximate_date": "early October 2018",
        "countries": "BJ CV GW ML NE NG TG",
        "thematic_areas": ["horizontal-interventions"],
        "focus": "Migration policy development; capacity building",
        "summary": (
            "The last stop of the 2018 tour brought more than twenty participants from West "
            "Africa to Cotonou."
        ),
        "report": "",
        "outcomes": [],
    },
]


def _delegates(roundtable: str, countries: str, institutions: dict | None = None) -> list:
    institutions = institutions or {}
    return [
        {
            "roundtable": roundtable,
            "email": f"{roundtable}.delegate.{code.lower()}@example.org",
            "position": "Government official",
            "institution": institutions.get(code),
            "country": code,
            "role": "delegate",
        }
        for code in countries.split()
    ]


PARTICIPANTS = [
    *_delegates(
        "bangkok-2018",
        "KH KG LA MM TL TH PH",
        {"LA": "molsw-lao-pdr", "PH": "poea-philippines"},
    ),
    *[
        {
            "roundtable": "bangkok-2018",
            "email": f"bangkok-2018.expert.{number}@example.org",
            "position": "Expert in a past MIEUX Action",
            "institution": None,
            "country": "",
            "role": "expert",
        }
        for number in (1, 2)
    ],
    {
        "roundtable": "bangkok-2018",
        "email": "bangkok-2018.team@example.org",
        "position": "MIEUX programme team",
        "institution": "icmpd",
        "country": "",
        "role": "programme_team",
    },
    *_delegates("mexico-city-2018", "AR CR DO MX PY PE", {"MX": "inm-mexico"}),
    *[
        {
            "roundtable": "mexico-city-2018",
            "email": f"mexico-city-2018.expert.{code.lower()}@example.org",
            "position": "Expert",
            "institution": None,
            "country": code,
            "role": "expert",
        }
        for code in ("AR", "ES")
    ],
    *_delegates("nairobi-2018", "CF CD KE MG MW MU RW", {"KE": "immigration-services-kenya"}),
    *[
        {
            "roundtable": "nairobi-2018",
            "email": f"nairobi-2018.{slug}@example.org",
            "position": "Partner organisation",
            "institution": slug,
            "country": "",
            "role": "observer",
        }
        for slug in ("comesa", "giz")
    ],
    *_delegates("cotonou-2018", "BJ CV GW ML NE NG TG"),
]

FINDINGS = [
    {
        "slug": "study-visits-open-lasting-channels",
        "roundtable": "bangkok-2018",
        "kind": "good_practice",
        "title": "Study visits open channels that outlast the Action",
        "text": (
            "A single study visit to Belgium gave Thai officials counterparts they could "
            "call on afterwards, and the contacts became standing focal points for the "
            "return of victims of trafficking. Meeting peers in person builds working "
            "relationships that documents alone do not."
        ),
        "countries": "TH",
        "thematic_areas": ["irregular-migration-thb"],
        "outcomes": [("TH", "return-focal-points")],
    },
    {
        "slug": "convening-is-a-result",
        "roundtable": "bangkok-2018",
        "kind": "lesson_learnt",
        "title": "Bringing ministries to one table is a result in itself",
        "text": (
            "In Lao PDR an Action on a labour migration database was the occasion for "
            "several ministries to sit together for the first time as a working group. "
            "Coordination between institutions can matter as much as the tool it was "
            "meant to produce."
        ),
        "countries": "LA",
        "thematic_areas": ["legal-migration-mobility"],
        "outcomes": [("LA", "nmdwg-convened")],
    },
    {
        "slug": "skills-outlive-the-action",
        "roundtable": "bangkok-2018",
        "kind": "good_practice",
        "title": "Skills taught well are reused long after the Action ends",
        "text": (
            "Years after their Action closed, Philippine officials still apply social "
            "marketing to campaigns for migrant workers. Training that gives staff a method, "
            "not just a product, keeps paying off."
        ),
        "countries": "PH",
        "thematic_areas": ["irregular-migration-thb"],
        "outcomes": [("PH", "social-marketing")],
    },
    {
        "slug": "asia-labour-migration-and-trafficking",
        "roundtable": "bangkok-2018",
        "kind": "regional_trend",
        "title": "Labour migration and trafficking lead the agenda in Asia",
        "text": (
            "With the search for work driving migration across Central and South-East Asia "
            "and the risk of exploitation that comes with it, partners in the region keep "
            "asking for help on labour migration and on trafficking in human beings."
        ),
        "countries": "",
        "thematic_areas": ["legal-migration-mobility", "irregular-migration-thb"],
        "outcomes": [],
    },
]
