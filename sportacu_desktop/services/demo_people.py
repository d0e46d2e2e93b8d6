"""Synthetic people, places and payers for the demo clinic. Every name is invented."""

import random
from datetime import date, timedelta

from sportacu_desktop.domain.identifiers import complete_npi

FIRST_NAMES_F = [
    "Zoë",
    "Amélie",
    "Siobhán",
    "Chloé",
    "Maria",
    "Aisha",
    "Hannah",
    "Priya",
    "Mei",
    "Sofía",
    "Noor",
    "Emma",
    "Olivia",
    "Grace",
    "Leah",
    "Ingrid",
    "Björk",
    "Renée",
    "Ana-Lucía",
    "Kaia",
    "Margaux",
    "Yuki",
    "Fatima",
    "Naledi",
    "Rosa",
    "Claire",
    "Tess",
    "Maeve",
    "Joëlle",
    "Lena",
    "Camille",
    "Imani",
    "Brooke",
    "Harper",
    "Elena",
    "Nadia",
    "Freya",
    "Ruth",
    "Dagny",
    "Iris",
]
FIRST_NAMES_M = [
    "José",
    "Liam",
    "Noah",
    "Mateo",
    "Seán",
    "Oskar",
    "Kenji",
    "Arjun",
    "Malik",
    "Tomás",
    "Jean-Luc",
    "Finn",
    "Ezra",
    "Caleb",
    "Anders",
    "Rafael",
    "Dmitri",
    "Kwame",
    "Luca",
    "Niall",
    "Hugo",
    "Idris",
    "Jonah",
    "Wei",
    "Samir",
    "Émile",
    "Bruno",
    "Callum",
    "Diego",
    "Henrik",
    "Marcus",
    "Owen",
    "Rory",
    "Tobias",
    "Yusuf",
    "Aleksander",
    "Declan",
    "Felix",
    "Gus",
    "Ravi",
]
LAST_NAMES = [
    "O'Brien",
    "García-López",
    "Nguyễn",
    "D'Angelo",
    "Müller",
    "Smith-Jones",
    "Çelik",
    "Øvergaard",
    "MacLeod",
    "Van der Berg",
    "Kowalski",
    "Haddad",
    "Okafor",
    "Tanaka",
    "Patel",
    "Johansson",
    "Dubois",
    "O'Neill",
    "Fernández",
    "Lindqvist",
    "St. Pierre",
    "Ó Briain",
    "Whitcomb",
    "Abernathy",
    "Baptiste",
    "Castellanos",
    "Delacroix",
    "Eriksen",
    "Fitzgerald",
    "Goldberg",
    "Hernández",
    "Ivanova",
    "Jovanović",
    "Kealoha",
    "Larsen",
    "Moreau",
    "Novak",
    "Osei",
    "Pereira",
    "Quinn",
    "Rasmussen",
    "Sato",
    "Thibodeau",
    "Underwood",
    "Vasquez",
    "Wójcik",
    "Xu",
    "Yilmaz",
    "Zimmermann",
    "Bergeron",
    "Cyr",
    "Levesque",
    "Ouellette",
    "Pelletier",
    "Gagnon",
    "Leclerc-Martin",
    "Nakamura",
    "Adeyemi",
    "Brennan",
    "Coleman",
]
STREETS = [
    "Congress St",
    "York St",
    "Danforth St",
    "Pine St",
    "Vaughan St",
    "Brackett St",
    "Forest Ave",
    "Deering Ave",
    "Washington Ave",
    "Ocean Ave",
    "Baxter Blvd",
    "Spring St",
    "Commercial St",
    "Fore St",
    "Cumberland Ave",
    "Eastern Promenade",
    "Highland Ave",
]
TOWNS = [
    ("Portland", "04101"),
    ("Portland", "04102"),
    ("Portland", "04103"),
    ("South Portland", "04106"),
    ("Cape Elizabeth", "04107"),
    ("Scarborough", "04074"),
    ("Falmouth", "04105"),
    ("Westbrook", "04092"),
    ("Yarmouth", "04096"),
]
PAYERS = [
    "Anthem Blue Cross Blue Shield",
    "Aetna",
    "Cigna",
    "UnitedHealthcare",
    "Harvard Pilgrim Health Care",
    "Community Health Options",
    "Martin's Point",
]
CONTACT_PRACTICES = {
    "PT": [
        "Back Cove Physical Therapy",
        "Casco Bay Sports PT",
        "Running Strong Rehab",
        "Forest Avenue Physical Therapy",
        "Maine Movement Clinic",
    ],
    "physician": [
        "Portland Sports Medicine",
        "Maine Orthopedic Associates",
        "Falmouth Family Medicine",
        "Coastal Primary Care",
    ],
    "surgeon": ["Maine Orthopedic Associates", "New England Foot and Ankle"],
}


def make_npi(rng: random.Random, kind: int) -> str:
    return complete_npi(str(kind) + "".join(str(rng.randrange(10)) for _ in range(8)))


def phone(rng: random.Random) -> str:
    return f"(207) {rng.randrange(200, 999)}-{rng.randrange(10000):04d}"


def address(rng: random.Random) -> dict[str, str]:
    town, zip_code = rng.choice(TOWNS)
    line2 = f"Apt {rng.randrange(1, 40)}" if rng.random() < 0.25 else ""
    return {
        "address_line1": f"{rng.randrange(1, 400)} {rng.choice(STREETS)}",
        "address_line2": line2,
        "city": town,
        "state": "ME",
        "postal_code": zip_code,
    }


def person_name(rng: random.Random) -> tuple[str, str, str]:
    """(first, last, sex)."""
    sex = rng.choice("FM")
    first = rng.choice(FIRST_NAMES_F if sex == "F" else FIRST_NAMES_M)
    return first, rng.choice(LAST_NAMES), sex


def birth_date(rng: random.Random, today: date) -> date:
    age_days = rng.randrange(17 * 365, 68 * 365)
    return today - timedelta(days=age_days)


def care_contacts(rng: random.Random, count: int) -> list[dict]:
    contacts = []
    for _ in range(count):
        role = rng.choices(["PT", "physician", "surgeon"], weights=[6, 3, 1])[0]
        first, last, _sex = person_name(rng)
        title = {"PT": "DPT", "physician": "MD", "surgeon": "MD"}[role]
        practice = rng.choice(CONTACT_PRACTICES[role])
        slug = last.lower().replace("'", "").replace(" ", "")
        contacts.append(
            {
                "name": f"{first} {last}, {title}",
                "role": role,
                "practice_name": practice,
                "npi": make_npi(rng, 1),
                "phone": phone(rng),
                "fax": phone(rng),
                "email": f"{first[0].lower()}{slug}@example.org",
            }
        )
    return contacts
