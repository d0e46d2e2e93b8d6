"""The demo clinic's athletes: sports with the training volume and races that go with them,
and the consent forms the clinic used over its ten years.

Everything here has to agree with itself the way a real chart does: an 800 m–5K track
athlete runs 20–50 miles a week and races the mile or the 5K, never an Ironman; a
triathlete's week is counted in hours; what a patient says about last week's training
fits the volume on their profile.
"""

import random
from dataclasses import dataclass
from datetime import date, timedelta

MILES = "mi/wk"
HOURS = "h/wk"


@dataclass(frozen=True)
class Sport:
    name: str
    unit: str  # MILES or HOURS
    volume: tuple[int, int]  # plausible weekly volume, inclusive
    races: tuple[tuple[str, str], ...]  # (name, distance) this athlete would enter

    def weekly_volume(self, rng: random.Random) -> int:
        return rng.randint(*self.volume)


SPORTS = (
    Sport(
        "Road running",
        MILES,
        (15, 45),
        (
            ("Peaks Island 5K", "5K"),
            ("Old Port 10K", "10K"),
            ("Casco Bay Half", "Half marathon"),
        ),
    ),
    Sport(
        "Marathon",
        MILES,
        (30, 70),
        (
            ("Old Port 10K", "10K"),
            ("Casco Bay Half", "Half marathon"),
            ("Maine Coast Marathon", "Marathon"),
            ("Boston Marathon", "Marathon"),
        ),
    ),
    Sport(
        "Trail running",
        MILES,
        (20, 55),
        (
            ("Pineland Trail 25K", "25K"),
            ("Bradbury Mountain 50K", "50K"),
            ("Casco Bay Half", "Half marathon"),
        ),
    ),
    Sport(
        "Ultramarathon",
        MILES,
        (45, 100),
        (
            ("Bradbury Mountain 50K", "50K"),
            ("Acadia Ultra 50 Mile", "50 mi"),
            ("White Mountains 100", "100 mi"),
            ("Vermont 100", "100 mi"),
            ("Maine Coast Marathon", "Marathon"),
        ),
    ),
    Sport(
        "Triathlon",
        HOURS,
        (8, 18),
        (
            ("Tri for a Cure", "Sprint triathlon"),
            ("Pirate Triathlon", "Olympic triathlon"),
            ("Sebago 70.3", "Half Ironman"),
            ("Lake Placid Ironman", "Ironman"),
        ),
    ),
    Sport(
        "Track (800 m–5K)",
        MILES,
        (20, 50),
        (
            ("Portland Twilight Mile", "Mile"),
            ("State Outdoor Championships", "1500 m"),
            ("New England Distance Carnival", "5000 m"),
            ("Peaks Island 5K", "5K"),
        ),
    ),
    Sport(
        "Cycling and running",
        HOURS,
        (6, 14),
        (
            ("Old Port 10K", "10K"),
            ("Casco Bay Half", "Half marathon"),
            ("Sebago Duathlon", "Duathlon"),
        ),
    ),
    Sport(
        "Cross-country skiing and running",
        HOURS,
        (6, 15),
        (
            ("Sugarloaf Classic", "25K ski"),
            ("Old Port 10K", "10K"),
            ("Pineland Trail 25K", "25K"),
        ),
    ),
)
BY_NAME = {sport.name: sport for sport in SPORTS}


def volume_text(sport: Sport, volume: int) -> str:
    return f"{volume} {sport.unit}"


def training_load(sport: Sport, volume: int, rng: random.Random) -> str:
    """The intake's training load, in the sport's own terms and at its volume."""
    if sport.unit == HOURS:
        return f"{volume} hours/week over {rng.randint(6, 10)} sessions."
    runs = max(3, min(13, volume // 7 + rng.randint(0, 2)))
    return f"{volume} miles/week, {runs} runs."


def training_since(sport: Sport, volume: int, rng: random.Random) -> str:
    """What the athlete did since the last visit: an injured week, at most the usual."""
    week = max(1, round(volume * rng.uniform(0.3, 1.0)))
    if sport.unit == HOURS:
        return rng.choice(
            [
                f"{week} hours this week, running kept easy.",
                f"Swim and bike only, {week} hours this week.",
                f"{week} hours, one hard session; sore the day after.",
            ]
        )
    long_run = max(3, round(week * rng.uniform(0.25, 0.35)))
    return rng.choice(
        [
            f"Easy running only, {week} miles this week.",
            f"{week} miles this week; long run of {long_run} miles, sore in the last mile.",
            f"Cross-training on the bike; {week} miles running.",
            f"Back to workouts: one tempo, {week} miles total.",
        ]
    )


# The clinic revised its consent forms every few years; a patient signs the version in
# use on the day. Offsets are from the day the clinic opened.
CONSENT_REVISIONS = (0, 3 * 365 + 60, 6 * 365 + 150, 8 * 365 + 20)
CONSENT_MODALITIES = (
    ("acupuncture", 1.0),
    ("dry_needling", 0.95),
    ("electroacupuncture", 0.9),
    ("cupping", 0.85),
)


def consent_versions(opened: date) -> tuple[tuple[date, str], ...]:
    """(in use from, version) of each revision, oldest first: "2019-1" dates from 2019."""
    return tuple(
        (opened + timedelta(days=offset), f"{(opened + timedelta(days=offset)).year}-1")
        for offset in CONSENT_REVISIONS
    )


def consent_version(versions: tuple[tuple[date, str], ...], signed_on: date) -> str:
    """The version in use on ``signed_on`` (never one dated after it)."""
    current = versions[0][1]
    for since, version in versions:
        if since <= signed_on:
            current = version
    return current
