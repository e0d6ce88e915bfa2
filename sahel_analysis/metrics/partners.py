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
# A named state listed in a UN mission's long list counts as fighting beside the government only
# while its own operation was in the country (to the year its troops left: the timeline key);
# otherwise (France in Mali after August 2022, the United States in Mali) it is one of the
# mission's troop contributors.
OWN_OPERATIONS = {("France", "MLI"): "french_troops_leave_mali"}
UN_MISSION_EXIT_KEYS = {"MLI": ("MINUSMA", "minusma_mandate_ends",
                                "minusma_withdrawal_completed")}
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


def own_operation_years(timeline: pd.DataFrame | None = None) -> dict[tuple[str, str], int]:
    """Return the last year of each state's own operation in a country (from the timeline)."""
    if timeline is None:
        from sahel_analysis import data

        timeline = data.timeline()
    dates = timeline.set_index("key")["date"]
    return {pair: int(dates[key].year) for pair, key in OWN_OPERATIONS.items()
            if key in dates.index}


def partner_groups(conflicts: pd.DataFrame, long_list: int = LONG_LIST,
                   own_until: dict[tuple[str, str], int] | None = None) -> pd.DataFrame:
    """Group each government's secondary warring parties per year.

    France, the United States and Russia are named (in a UN mission's years only while their
    own operation was in the country, `own_until`; else they count as its contributors); from
    2024 (the first year after the AES charter of September 2023 and MINUSMA's exit) the other
    AES states are listed as "AES partners" ("AES states" for a government outside the AES;
    before 2024 they are named like any other state); when a single conflict lists `long_list`
    or more states (MINUSMA years in Mali) the remaining states are counted as UN troop
    contributors; any other state is named.

    Args:
        conflicts: :func:`sahel_analysis.data.conflicts` rows.
        long_list: Number of states in one conflict's list from which the unnamed rest are
            treated as a UN mission's troop contributors.
        own_until: (state, ISO3) -> last year of the state's own operation there (default:
            :func:`own_operation_years` from the timeline).

    Returns:
        Columns of :data:`PARTNER_COLUMNS`: the flags france, united_states, russia; aes and
        others (lists of names); un_contributors (number of states, 0 if none); states (all
        states); summary (a short text, "none" when ACD lists no state).
    """
    own_until = own_operation_years() if own_until is None else own_until
    rows = []
    for row in secondary_parties(conflicts).itertuples(index=False):
        parties = set(row.parties)
        own_name = countries.name(row.country_iso3)
        aes = [name for name in AES_NAMES if name in parties and name != own_name
               and row.year >= AES_FROM]
        un_year = row.largest >= long_list
        named = {NAMED[name] for name in parties if name in NAMED}
        contributors = sorted(name for name in named if un_year and name != "Russia"
                              and row.year > own_until.get((name, row.country_iso3), 0))
        named -= set(contributors)
        rest = sorted(parties - set(NAMED) - set(aes))
        un = len(rest) + len(contributors) if un_year else 0
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
            among = f", among them {' and '.join(contributors)}" if contributors else ""
            parts.append(f"UN troop contributors ({un} states{among})")
        parts += others
        rows.append({"country_iso3": row.country_iso3, "year": row.year,
                     "france": "France" in named, "united_states": "United States" in named,
                     "russia": "Russia" in named, "aes": aes, "un_contributors": un,
                     "others": others, "states": len(parties),
                     "summary": "; ".join(parts) if parts else "none"})
    return pd.DataFrame(rows, columns=PARTNER_COLUMNS)

def un_exit_sentence(groups: pd.DataFrame, code: str,
                     timeline: pd.DataFrame | None = None) -> str | None:
    """Say that the fall in ACD's list after a UN mission's last year is the mission's exit.

    Args:
        groups: :func:`partner_groups` rows.
        code: ISO3 code of the government.
        timeline: :func:`sahel_analysis.data.timeline` rows (default: the shipped timeline).

    Returns:
        "2023→2024: …" for the first year without UN contributors after a year with them, or
        None when the country had no UN mission in ACD's lists (or it has not left).
    """
    own = groups[groups["country_iso3"] == code].set_index("year").sort_index()
    years = [y for y in own.index[1:] if y - 1 in own.index
             and own.loc[y - 1, "un_contributors"] > 0 and own.loc[y, "un_contributors"] == 0]
    if not years or code not in UN_MISSION_EXIT_KEYS:
        return None
    if timeline is None:
        from sahel_analysis import data

        timeline = data.timeline()
    year = years[0]
    mission, mandate_key, withdrawal_key = UN_MISSION_EXIT_KEYS[code]
    dates = timeline.set_index("key")["date"]
    when = "; ".join(f"{label} {dates[key]:%-d %B %Y}" for label, key in
                     (("mandate ended", mandate_key), ("withdrawal completed", withdrawal_key))
                     if key in dates.index)
    before, after = own.loc[year - 1], own.loc[year]
    return (f"{year - 1}→{year}: the states UCDP/PRIO ACD lists beside the government of "
            f"{countries.name(code)} fell from {before['states']} to {after['states']}: the UN "
            f"mission ({mission}) left" + (f" ({when})" if when else "")
            + f": its {before['un_contributors']} troop contributors were listed as secondary "
            "parties, not as states fighting beside the government.")


CAVEAT = ("ACD lists states whose own troops fight on the government's side; it does not "
          "capture private military companies (the Wagner Group is not a state), arms "
          "deliveries, instructors who do not fight, money or intelligence. During MINUSMA "
          "(2013–2023) it lists the mission's troop-contributing states one by one: they are "
          "counted as 'UN troop contributors' and not as states fighting beside the government; "
          "France is named while its own operation was in the country (Mali: to August 2022), "
          "the AES states are named.")
