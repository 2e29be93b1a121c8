"""Plausible filler stories built from sentence pools with a seeded RNG (demo 7-20, big sites)."""

from __future__ import annotations

import random
import re
from datetime import datetime, timedelta, timezone

AUTHORS = ("Maria Gonzalez", "James Whitfield", "Priya Raman", "Oluwaseun Adeyemi", "Sofia Marin",
           "Henrik Dahl", "Camila Torres", "Ethan Brooks", "Yuki Tanaka", "Fatima Zahra Alaoui",
           "Lucas Pereira", "Grace O'Neill", "Mateo Rojas", "Hannah Weiss", "Arjun Mehta")

# (section, place, actor, subject, title, subtitle)
DEMO_TOPICS = (
    ("world", "Kenya", "the health ministry", "a malaria vaccine rollout",
     "Kenya Expands Malaria Vaccine Rollout to 20 More Counties", None),
    ("business", "Chile", "the copper producer Codelco", "lithium output",
     "Chile's Codelco Signs Lithium Partnership as Output Targets Slip",
     "The state miner wants to double production by 2030"),
    ("world", "Indonesia", "the election commission", "a regional election recount",
     "Indonesia Orders Recount in Three Provinces After Fraud Claims", None),
    ("business", "Germany", "the carmaker association", "electric vehicle sales",
     "German Electric Car Sales Rebound After Subsidy Overhaul",
     "Registrations rose for a fourth consecutive month"),
    ("world", "Canada", "the wildfire service", "an early fire season",
     "Canada Braces for Early Wildfire Season After Dry Winter", None),
    ("business", "India", "the telecom regulator", "satellite broadband licences",
     "India Opens Satellite Broadband Market to Foreign Operators", None),
    ("world", "Peru", "the culture ministry", "new limits on Machu Picchu visitors",
     "Peru Tightens Visitor Limits at Machu Picchu", "Daily tickets will be capped at 4,500"),
    ("business", "Japan", "the chipmaker consortium", "a new semiconductor plant",
     "Japanese Consortium Breaks Ground on Advanced Chip Plant", None),
    ("world", "Spain", "the water authority", "drought restrictions in Catalonia",
     "Catalonia Eases Drought Restrictions After Spring Rains", None),
    ("business", "Nigeria", "the central bank", "the naira's exchange rate",
     "Nigeria's Naira Steadies as Central Bank Clears Dollar Backlog", None),
    ("world", "the Philippines", "the coast guard", "a standoff at a disputed shoal",
     "Philippine Coast Guard Reports New Standoff at Disputed Shoal", None),
    ("business", "Mexico", "the state oil company Pemex", "refinery output",
     "Pemex Refinery Output Falls Short of Government Target",
     "The new Dos Bocas plant is running below capacity"),
    ("world", "Australia", "the reef authority", "coral bleaching on the Great Barrier Reef",
     "Great Barrier Reef Suffers Fifth Mass Bleaching in Eight Years", None),
    ("business", "Brazil", "the agriculture ministry", "record soybean exports",
     "Brazil Soybean Exports Hit Record as China Buys More", None),
)

PLACES = ("Argentina", "Colombia", "Ecuador", "Uruguay", "Paraguay", "Bolivia", "Guatemala",
          "Honduras", "Panama", "Costa Rica", "Cuba", "the Dominican Republic", "Jamaica",
          "Portugal", "Italy", "Greece", "Poland", "Romania", "Sweden", "Norway", "Finland",
          "Ireland", "Morocco", "Egypt", "Ghana", "Senegal", "Ethiopia", "Tanzania", "Vietnam",
          "Thailand", "Malaysia", "South Korea", "Taiwan", "Pakistan", "Bangladesh", "Turkey",
          "Jordan", "New Zealand", "Texas", "California")
ACTORS = ("the finance ministry", "the transport authority", "the energy regulator",
          "the national statistics office", "the largest trade union", "the opposition party",
          "the supreme court", "the port authority", "the farmers' federation",
          "the city council", "the competition watchdog", "the environment agency")
SUBJECTS = {
    "world": ("a new coastal protection plan", "hospital waiting lists", "teacher shortages",
              "a referendum on local autonomy", "migration at the northern border",
              "a heat wave", "a rail line to the airport", "water rationing",
              "a cabinet reshuffle", "flood defences", "a nationwide census",
              "a ban on single-use plastics", "tuition fees", "a vaccination campaign",
              "an anti-corruption inquiry", "housing for displaced families",
              "a ceasefire monitoring mission", "pension reform", "a new national park",
              "election spending rules"),
    "business": ("a fuel tax cut", "the minimum wage", "a new offshore wind farm",
                 "bank lending to small firms", "a steel plant closure", "coffee prices",
                 "a telecom merger", "airport privatisation", "electricity tariffs",
                 "tourism revenue", "a sovereign bond sale", "a battery factory",
                 "grocery prices", "a fintech licence", "rice exports", "a gold mine expansion",
                 "the housing market", "a shipping route", "a data centre boom",
                 "a pharmaceutical plant"),
}
TITLE_PATTERNS = ("{Place} Unveils Plan on {Subject}", "{Place} Faces Pressure Over {Subject}",
                  "Critics Question {Place}'s Approach to {Subject}",
                  "{Place} Moves to Overhaul {Subject}", "What {Subject} Means for {Place}",
                  "{Place} Delays Decision on {Subject}", "Protests Grow in {Place} Over {Subject}",
                  "{Place} Reaches Deal on {Subject}", "Doubts Mount in {Place} Over {Subject}",
                  "{Place} Sets Deadline for {Subject}")

OPENINGS = (
    "Officials in {place} said on {day} that {actor} would move ahead with changes to {subject}, "
    "a decision that has divided lawmakers and business groups for months.",
    "{Actor} in {place} announced on {day} a review of {subject}, after figures published last "
    "week showed the problem had grown faster than expected.",
    "A long-running dispute over {subject} in {place} came to a head on {day}, when {actor} "
    "published proposals that critics said went too far and supporters said came too late.",
)
SENTENCES = (
    "The plan would cost about {n} million dollars over three years, according to estimates "
    "presented to parliament.",
    "Supporters said the measures were overdue and pointed to similar programmes in "
    "neighbouring countries.",
    "Opposition lawmakers said they had not been consulted and called for an independent "
    "assessment before any vote.",
    "Local officials said they would need more staff and money to carry out the changes.",
    "Analysts said the details would matter more than the announcement itself.",
    "The issue has become a test of the government's ability to deliver on its promises before "
    "next year's elections.",
    "Figures from the statistics office show the number of people affected has risen by {p} "
    "percent since {year}.",
    "Business groups warned that uncertainty over {subject} was already delaying investment.",
    "Residents interviewed in the capital were divided, with many saying they had heard little "
    "about the proposals.",
    "A spokesperson for {actor} said the timetable was realistic and that talks with the "
    "regions would continue.",
    "International lenders have urged {place} to act, saying the current arrangements are not "
    "sustainable.",
    "The last attempt at reform, in {year}, was abandoned after weeks of protests.",
    "Economists said the effect on prices would be limited in the short term.",
    "Environmental groups welcomed parts of the plan but said the targets were too modest.",
    "A parliamentary committee is due to hold hearings on {subject} next month.",
    "Some {n} people attended a public meeting on the proposals on {day} evening.",
)
QUOTES = (
    "\"We cannot keep postponing this,\" said {person}, who has followed the debate for years. "
    "\"Every year of delay makes the solution more expensive.\"",
    "\"People want to know what this means for their families, and nobody has told them yet,\" "
    "said {person}, a community organiser.",
    "\"The numbers simply do not add up,\" said {person}, an economist at a university in the "
    "capital, adding that the government's assumptions were optimistic.",
    "\"This is the most important decision on {subject} in a generation,\" {person} told "
    "reporters outside the ministry.",
)
HEADINGS = ("What the plan includes", "A divided response", "The cost of delay",
            "Questions remain", "What happens next", "A long history", "Reaction in the regions",
            "The numbers behind the debate")
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
PEOPLE = ("Ines Carvalho", "Tomasz Nowak", "Amara Diallo", "Kofi Mensah", "Lea Fischer",
          "Omar Haddad", "Rosa Jimenez", "Nguyen Van Minh", "Elif Demir", "Sean Murphy")

# A small sentence grammar, so that generated articles do not read as near-duplicates.
SPEAKERS = ("{person}, {role},", "{Actor}", "Officials in {place}", "Analysts at {firm}",
            "A report by {firm}", "Several lawmakers", "{person}", "Opposition leaders",
            "Industry representatives", "Local residents")
ROLES = ("a former minister", "an economist at the national university", "a union leader",
         "a senior civil servant", "a regional governor", "the head of a business lobby",
         "a policy researcher", "a spokesperson for the ministry")
FIRMS = ("a Zurich bank", "Moody's", "a Washington think tank", "the IMF", "a local consultancy",
         "the World Bank", "a pension fund")
VERBS = ("said", "warned", "argued", "noted", "estimated", "insisted", "acknowledged",
         "told reporters", "predicted", "suggested")
THINGS = ("{subject}", "the new rules", "spending on {subject}", "the proposal",
          "public support for the plan", "demand", "consumer prices", "the number of complaints",
          "private investment", "the government's timetable", "the cost of {subject}")
MODALS = ("would", "could", "might", "was likely to", "was unlikely to", "had already begun to",
          "would probably")
ACTIONS = ("rise by {p} percent", "fall sharply", "cost about {n} million dollars",
           "face legal challenges", "require new legislation", "take years to show results",
           "affect about {k},000 households", "depend on talks with the regions",
           "be revised before the vote", "put pressure on local budgets", "slip again",
           "divide the governing coalition")
TIMES = ("", " next year", " by the end of the decade", " within months", " before the elections",
         " over the next {k} years", " in the short term", " this summer")
TAILS = ("", ", according to documents seen by reporters", ", though details were scarce",
         ", a view shared by several lawmakers", ", citing internal estimates",
         ", without giving further details")


def grammar_sentence(rng: random.Random, slots: dict[str, str]) -> str:
    """One freshly composed sentence about the topic in `slots`."""
    local = dict(slots, person=rng.choice(PEOPLE), role=rng.choice(ROLES), firm=rng.choice(FIRMS),
                 n=str(rng.randint(12, 900)), p=str(rng.randint(2, 60)), k=str(rng.randint(2, 40)))
    text = (f"{rng.choice(SPEAKERS)} {rng.choice(VERBS)} that {rng.choice(THINGS)} "
            f"{rng.choice(MODALS)} {rng.choice(ACTIONS)}{rng.choice(TIMES)}{rng.choice(TAILS)}.")
    return _fill(text, local)


DEMO_EPOCH = datetime(2025, 5, 3, 8, 0, tzinfo=timezone(timedelta(hours=-6)))


def slugify(title: str) -> str:
    """Lower-case, hyphen-separated ASCII slug of a headline."""
    return re.sub(r"[^a-z0-9]+", "-", title.lower().replace("'", "")).strip("-")


def _fill(template: str, slots: dict[str, str]) -> str:
    text = template.format(**slots)
    return text[0].upper() + text[1:]


def body_blocks(rng: random.Random, place: str, actor: str, subject: str,
                words: tuple[int, int] = (320, 860)) -> tuple[str, ...]:
    """Paragraphs and subheadings about one topic, between `words` words long."""
    target = rng.randint(*words)
    slots = {"place": place, "actor": actor, "Actor": actor[0].upper() + actor[1:],
             "subject": subject, "day": rng.choice(DAYS), "n": str(rng.randint(12, 900)),
             "p": str(rng.randint(4, 60)), "year": str(rng.randint(2009, 2021)),
             "person": rng.choice(PEOPLE)}
    blocks = [_fill(rng.choice(OPENINGS), slots)]
    headings = list(HEADINGS)
    rng.shuffle(headings)
    unused, quotes = list(SENTENCES), list(QUOTES)
    rng.shuffle(unused)
    rng.shuffle(quotes)
    count = len(blocks[0].split())
    while count < target:
        if len(blocks) % 4 == 2 and headings:
            blocks.append("## " + headings.pop())
        if len(unused) < 4:
            unused = list(SENTENCES)
            rng.shuffle(unused)
        paragraph = " ".join(_fill(unused.pop(), slots) if rng.random() < 0.25
                             else grammar_sentence(rng, slots) for _ in range(rng.randint(2, 4)))
        if rng.random() < 0.3 and quotes:
            paragraph = _fill(quotes.pop(), slots)
        blocks.append(paragraph)
        count += len(paragraph.split())
    return tuple(blocks)


def filler_spec(number: int, rng: random.Random, section: str, place: str, actor: str,
                subject: str, title: str, subtitle: str | None,
                published: datetime) -> dict[str, object]:
    """A complete article spec (as stories.py writes them) for one generated topic."""
    return dict(slug=slugify(title), section=section, title=title, subtitle=subtitle,
                authors=rng.sample(AUTHORS, rng.choice((1, 1, 1, 2))),
                published=published.isoformat(), tags=[place.removeprefix("the "), section.title()],
                body=body_blocks(rng, place, actor, subject), comments=rng.choice((0, 2, 5, 14, 40)),
                views=rng.randint(80, 20000))


def demo_filler_specs(start: int, seed: int = 2025) -> list[dict[str, object]]:
    """Articles `start`.. of the demo site, one per DEMO_TOPICS entry, dated before the seed."""
    rng = random.Random(seed)
    specs = []
    for offset, (section, place, actor, subject, title, subtitle) in enumerate(DEMO_TOPICS):
        published = DEMO_EPOCH - timedelta(hours=7 * offset + 3, minutes=13 * offset)
        specs.append(filler_spec(start + offset, rng, section, place, actor, subject, title,
                                 subtitle, published))
    return specs


def generated_specs(start: int, count: int, seed: int) -> list[dict[str, object]]:
    """`count` further articles with distinct headlines, older than the demo ones."""
    rng = random.Random(seed)
    combos = [(p, s, t) for p in PLACES for s in range(len(SUBJECTS["world"]))
              for t in TITLE_PATTERNS]
    rng.shuffle(combos)
    specs = []
    for i in range(count):
        place, subject_index, pattern = combos[i % len(combos)]
        section = SECTIONS_CYCLE[i % 2]
        subject = SUBJECTS[section][subject_index]
        title = pattern.format(Place=place[0].upper() + place[1:], Subject=subject.title())
        title = title.replace(" A ", " a ").replace(" An ", " an ")
        if i >= len(combos):
            title += f", Part {i // len(combos) + 1}"
        published = DEMO_EPOCH - timedelta(days=5, minutes=37 * i)
        spec = filler_spec(start + i, rng, section, place, rng.choice(ACTORS), subject, title,
                           None, published)
        spec["slug"] = f"{spec['slug']}-{start + i}"
        specs.append(spec)
    return specs


SECTIONS_CYCLE = ("world", "business")
