"""Who fights beside each government: UCDP/PRIO ACD's secondary warring parties per year.

The Armed Conflict Dataset lists, for each conflict-year, the states whose own troops take part
in the fighting on the government's side (``side_a_2nd``, a comma-separated list of
"Government of X"). It does not list private military companies (Wagner is not a state),
arms deliveries, instructors who do not fight, money, intelligence or air support from bases
abroad. During MINUSMA (2013–2023) UCDP lists the mission's troop-contributing states as
secondary parties to Mali's conflicts, one by one.
"""

from __future__ import annotations

import pandas as pd

from sahel_analysis import countries

LONG_LIST = 10
AES_FROM = 2024  # charter Sep 2023; in 2023 ACD still lists BFA, NER as MINUSMA contributors
NAMED = {"France": "France", "United States of America": "United States",
         "Russia (Soviet Union)": "Russia"}
AES_NAMES = {"Mali": "MLI", "Burkina Faso": "BFA", "Niger": "NER"}
ACD_NAMES = {"CIV": "Ivory Coast"}  # where ACD's spelling differs from countries.name
PARTNER_COLUMNS = ["country_iso3", "year", "france", "united_states", "russia", "aes",
                   "un_contributors", "others", "states", "summary"]


def split_parties(text) -> list[str]:
    """Split an ACD ``side_a_2nd`` field into state names ("Government of X" -> "X").

    Args:
        text: The field (comma-separated, may be missing).

    Returns:
        The state names in ACD's spelling, without the "Government of " prefix.

    Example:
        >>> split_parties("Government of Chad, Government of France")
        ['Chad', 'France']
    """
    if text is None or (not isinstance(text, str) and pd.isna(text)):
        return []
    names = []
    for part in str(text).split(","):
        part = part.strip()
        if part:
            names.append(part.removeprefix("Government of ").strip())
    return names


def secondary_parties(conflicts: pd.DataFrame) -> pd.DataFrame:
    """Return one row per country-year with the set of states fighting beside the government.

    Only ACD rows whose primary side A is the country's government count; the secondary
    parties of all its conflicts that year are pooled.

    Args:
        conflicts: :func:`sahel_analysis.data.conflicts` rows.

    Returns:
        Columns country_iso3, year, parties (sorted list of state names), largest (the
        longest list of a single conflict that year).
    """
    acd = conflicts[conflicts["dataset"].str.contains("ACD", na=False)]
    names = acd["country_iso3"].map(lambda code: ACD_NAMES.get(code, countries.name(code)))
    own = acd[acd["side_a"] == "Government of " + names]
    rows = []
    for (code, year), group in own.groupby(["country_iso3", "year"]):
        lists = [split_parties(text) for text in group["side_a_2nd"]]
        pooled = sorted({name for names in lists for name in names})
        rows.append({"country_iso3": code, "year": int(year), "parties": pooled,
                     "largest": max((len(names) for names in lists), default=0)})
    return pd.DataFrame(rows, columns=["country_iso3", "year", "parties", "largest"])


def partner_groups(conflicts: pd.DataFrame, long_list: int = LONG_LIST) -> pd.DataFrame:
    """Group each government's secondary warring parties per year.

    France, the United States and Russia are named; from 2024 (the first year after the AES
    charter of September 2023 and MINUSMA's exit) the other AES states are listed as "AES
    partners" ("AES states" for a government outside the AES; before 2024 they are named like
    any other state); when a single conflict lists `long_list` or
    more states (MINUSMA years in Mali) the remaining states are counted as UN troop
    contributors; any other state is named.

    Args:
        conflicts: :func:`sahel_analysis.data.conflicts` rows.
        long_list: Number of states in one conflict's list from which the unnamed rest are
            treated as a UN mission's troop contributors.

    Returns:
        Columns of :data:`PARTNER_COLUMNS`: the flags france, united_states, russia; aes and
        others (lists of names); un_contributors (number of states, 0 if none); states (all
        states); summary (a short text, "none" when ACD lists no state).
    """
    rows = []
    for row in secondary_parties(conflicts).itertuples(index=False):
        parties = set(row.parties)
        own_name = countries.name(row.country_iso3)
        aes = [name for name in AES_NAMES if name in parties and name != own_name
               and row.year >= AES_FROM]
        named = {NAMED[name] for name in parties if name in NAMED}
        rest = sorted(parties - set(NAMED) - set(aes))
        un = len(rest) if row.largest >= long_list else 0
        others = [] if un else rest
        if un:  # the AES states among MINUSMA's contributors are named, not counted
            neighbours = [name for name in AES_NAMES if name in rest]
            un -= len(neighbours)
            others = neighbours
        parts = [name for name in ("France", "United States", "Russia") if name in named]
        if aes:
            label = "AES partners" if own_name in AES_NAMES else "AES states"
            parts.append(f"{label} (" + ", ".join(aes) + ")")
        if un:
            parts.append(f"UN troop contributors ({un} states)")
        parts += others
        rows.append({"country_iso3": row.country_iso3, "year": row.year,
                     "france": "France" in named, "united_states": "United States" in named,
                     "russia": "Russia" in named, "aes": aes, "un_contributors": un,
                     "others": others, "states": len(parties),
                     "summary": "; ".join(parts) if parts else "none"})
    return pd.DataFrame(rows, columns=PARTNER_COLUMNS)

CAVEAT = ("ACD lists states whose own troops fight on the government's side; it does not "
          "capture private military companies (the Wagner Group is not a state), arms "
          "deliveries, instructors who do not fight, money or intelligence. During MINUSMA "
          "(2013–2023) it lists the mission's troop-contributing states one by one: they are "
          "counted as 'UN troop contributors', except France, the United States and the AES "
          "states, which are named.")
