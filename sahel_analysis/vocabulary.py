"""The allowed values of the tables' categorical columns (pure Python: no pandera import).

:mod:`sahel_analysis.schemas` checks the tables against these; the data API and the reports
read them from here, so loading a table never imports pandera.
"""

from __future__ import annotations

from sahel_analysis.countries import ALL_ISO3

VIOLENCE_TYPES = ["state_based", "non_state", "one_sided"]
TIMELINE_CATEGORIES = [
    "coup", "foreign_forces", "un", "alliance", "ecowas", "russia", "attack", "agreement",
    "election", "other",
]
TIMELINE_KINDS = [
    "coup", "foreign_force", "diplomatic", "massacre", "battle", "attack", "economic",
    "alliance", "un", "sanctions", "agreement", "election", "rebellion", "armed_group",
    "political",  # domestic consolidation: parties dissolved, mandates and transitions extended
]
# Scopes of a timeline row: one country, or a bloc. G5S is the G5 Sahel (Mauritania, Mali,
# Burkina Faso, Niger, Chad) and the French operations across it; AES only the three states.
TIMELINE_BLOCS = {
    "AES": ("MLI", "BFA", "NER"),
    "G5S": ("MRT", "MLI", "BFA", "NER", "TCD"),
    "ECOWAS": ("MLI", "BFA", "NER", "BEN", "TGO", "GHA", "CIV", "SEN", "GIN", "NGA"),
    "UN": ("MLI",),
}
TIMELINE_COUNTRIES = [*ALL_ISO3, *TIMELINE_BLOCS]
DATE_PRECISIONS = ["day", "month", "year"]
ACTOR_FAMILIES = [
    "jnim", "jnim_precursors", "islamic_state", "other_jihadist", "state_forces",
    "foreign_state_forces", "russian_forces", "militias", "northern_movements", "communal",
    "unidentified", "other",
]
# Published tolls (``published_tolls.csv``): who published a toll, and how it was worded
# ("more than 500" is killed_low 500 with qualifier more_than).
PUBLISHER_KINDS = ["un", "ngo", "government", "armed_group", "media"]
TOLL_QUALIFIERS = ["exact", "at_least", "more_than", "about", "up_to"]
