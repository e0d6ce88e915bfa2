"""Geographic spread of violence: admin1 units affected, centroid, spread, distance moved."""

from __future__ import annotations

import numpy as np
import pandas as pd

from sahel_analysis.countries import AES, COASTAL
from sahel_analysis.exceptions import InvalidArgumentError, NoDataError

EARTH_RADIUS_KM = 6371.0
COASTAL_NORTH_LATITUDE = 9.0  # "northern regions" of the coastal states: north of 9°N


def haversine_km(lat1, lon1, lat2, lon2):
    """Return great-circle distances in km between points (arrays or scalars)."""
    lat1, lon1, lat2, lon2 = map(np.radians, (lat1, lon1, lat2, lon2))
    a = (np.sin((lat2 - lat1) / 2) ** 2
         + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2)
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(a))


def admin1_affected(events: pd.DataFrame, min_deaths: int = 1) -> pd.DataFrame:
    """Count admin1 units with at least `min_deaths` deaths per country and year."""
    per_unit = events.dropna(subset=["admin1"]).groupby(
        ["country_iso3", "year", "admin1"], as_index=False)["deaths_best"].sum()
    affected = per_unit[per_unit["deaths_best"] >= min_deaths]
    table = affected.groupby(["country_iso3", "year"], as_index=False).agg(
        admin1_units=("admin1", "nunique"))
    return table


def centroid_and_spread(events: pd.DataFrame, by: str = "year") -> pd.DataFrame:
    """Return the deaths-weighted centroid and standard distance (km) of violence per `by`.

    Events with zero deaths get weight zero; a period without deaths is left out.
    """
    rows = []
    for key, part in events.groupby(by):
        weights = part["deaths_best"].to_numpy(dtype=float)
        if weights.sum() == 0:
            continue
        lat = np.average(part["latitude"], weights=weights)
        lon = np.average(part["longitude"], weights=weights)
        distances = haversine_km(part["latitude"].to_numpy(), part["longitude"].to_numpy(),
                                 lat, lon)
        spread = float(np.sqrt(np.average(distances ** 2, weights=weights)))
        rows.append({by: key, "centroid_lat": lat, "centroid_lon": lon,
                     "standard_distance_km": spread, "deaths_best": int(weights.sum())})
    return pd.DataFrame(rows)


def epicentre(events: pd.DataFrame, year: int = 2012) -> tuple[float, float]:
    """Return the deaths-weighted centroid (lat, lon) of the events of `year` (2012: the start)."""
    table = centroid_and_spread(events[events["year"] == year])
    if table.empty:
        raise NoDataError(f"No deaths in {year} to locate an epicentre.")
    return float(table["centroid_lat"].iloc[0]), float(table["centroid_lon"].iloc[0])


def distance_from(events: pd.DataFrame, point: tuple[float, float], by: str = "year"
                  ) -> pd.DataFrame:
    """Return the deaths-weighted mean distance (km) of violence from `point` per `by`."""
    frame = events.assign(
        distance_km=haversine_km(events["latitude"], events["longitude"], point[0], point[1]))
    rows = []
    for key, part in frame.groupby(by):
        weights = part["deaths_best"]
        if weights.sum() == 0:
            continue
        rows.append({by: key, "mean_distance_km": float(np.average(part["distance_km"],
                                                                   weights=weights))})
    return pd.DataFrame(rows)


def outside_core(events: pd.DataFrame) -> pd.DataFrame:
    """Split deaths per year into AES core, northern coastal states (north of 9°N), elsewhere."""
    frame = events.copy()
    coastal_north = frame["country_iso3"].isin(COASTAL) & (
        frame["latitude"] >= COASTAL_NORTH_LATITUDE)
    frame["zone"] = np.select(
        [frame["country_iso3"].isin(AES), coastal_north],
        ["AES core", "Northern coastal states"],
        default="Elsewhere",
    )
    return frame.groupby(["year", "zone"], as_index=False)["deaths_best"].sum()


def within_radius(events: pd.DataFrame, point: tuple[float, float], radius_km: float
                  ) -> pd.DataFrame:
    """Return the events within `radius_km` of `point` (e.g. the Liptako-Gourma tri-border).

    `point` is (latitude, longitude) in degrees; `radius_km` is 0 or more.
    """
    latitude, longitude = (float(v) for v in point)
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        raise InvalidArgumentError(f"point must be (latitude, longitude) in degrees, latitude "
                                   f"-90 to 90 and longitude -180 to 180, not {point!r}.")
    if not radius_km >= 0:
        raise InvalidArgumentError(f"radius_km must be a distance in km, 0 or more, not "
                                   f"{radius_km!r}.")
    distance = haversine_km(events["latitude"], events["longitude"], point[0], point[1])
    return events[distance <= radius_km]


def in_regions(events: pd.DataFrame, regions: pd.DataFrame) -> pd.Series:
    """Return True for each event whose country and UCDP admin-1 are among `regions`.

    Args:
        events: Event rows with ``country_iso3`` and ``admin1`` (UCDP's ``adm_1``).
        regions: Rows with ``country_iso3`` and ``adm_1`` (e.g.
            :func:`sahel_analysis.data.liptako_gourma_regions`).
    """
    keys = set(zip(regions["country_iso3"], regions["adm_1"], strict=True))
    return pd.Series([(code, unit) in keys for code, unit in
                      zip(events["country_iso3"], events["admin1"], strict=True)],
                     index=events.index, dtype=bool)


def share_by_year(events: pd.DataFrame, inside: pd.Series) -> pd.DataFrame:
    """Return deaths per year in total and where `inside` is True, with the share inside."""
    table = pd.DataFrame({"total": events.groupby("year")["deaths_best"].sum(),
                          "near": events[inside].groupby("year")["deaths_best"].sum()}
                         ).fillna(0)
    table["share"] = table["near"] / table["total"].where(table["total"] > 0)
    return table.reset_index()


def tripoint(boundaries, countries: tuple[str, str, str] = AES) -> tuple[float, float]:
    """Return (lat, lon) where the borders of three countries meet, from boundary polygons."""
    shapes = boundaries.set_index("country_iso3").geometry
    a, b, c = (shapes[code] for code in countries)
    meeting = a.buffer(0.05).intersection(b.buffer(0.05)).intersection(c.buffer(0.05))
    if meeting.is_empty:
        raise NoDataError(f"The borders of {countries} do not meet in the boundary data.")
    point = meeting.centroid
    return float(point.y), float(point.x)


CENTRAL_SAHEL_JIHADIST = ("jnim", "jnim_precursors", "islamic_state", "other_jihadist")
LAKE_CHAD_ACTORS = ("JAS",)
LAKE_CHAD_ADMIN1 = ("Diffa region",)
SCOPE_NOTE = (
    "Counted: violence involving the central Sahel's jihadist families (JNIM and its "
    "precursors, Islamic State Sahel, Ansaroul Islam); Boko Haram (JAS) and all events in "
    "Niger's Diffa region (the Lake Chad theatre) are left out, other violence is shown apart."
)


def central_sahel_jihadist_events(events: pd.DataFrame, mapping: pd.DataFrame) -> pd.DataFrame:
    """Keep the events in which a central Sahel jihadist family was a side.

    Leaves out the Lake Chad theatre: events with Boko Haram (JAS) as a side and every event
    in Niger's Diffa region (where "IS" is the West Africa Province, another theatre).
    """
    from sahel_analysis.metrics.actors import assign_families

    frame = assign_families(events, mapping)
    jihadist = (frame["family_a"].isin(CENTRAL_SAHEL_JIHADIST)
                | frame["family_b"].isin(CENTRAL_SAHEL_JIHADIST))
    lake_chad = (frame["side_a"].isin(LAKE_CHAD_ACTORS) | frame["side_b"].isin(LAKE_CHAD_ACTORS)
                 | frame["admin1"].isin(LAKE_CHAD_ADMIN1).fillna(False))
    return events[(jihadist & ~lake_chad).to_numpy()]


def dyad_scope(dyads: pd.DataFrame, mapping: pd.DataFrame) -> pd.DataFrame:
    """Classify each country-year and violence type by its UCDP dyads.

    Returns country_iso3, year, violence_type, scope: ``central_sahel_jihadist`` when every
    dyad has a central Sahel jihadist side, ``other`` when none has, ``mixed`` otherwise (the
    country-year deaths cannot then be split without event data).
    """
    from sahel_analysis.metrics.actors import family_of

    sides = dyads["dyad_name"].str.split(" - ", n=1, expand=True)
    family_a = family_of(sides[0].str.strip(), mapping)
    family_b = family_of(sides[1].fillna("").str.strip(), mapping)
    jihadist = ((family_a.isin(CENTRAL_SAHEL_JIHADIST) | family_b.isin(CENTRAL_SAHEL_JIHADIST))
                & ~sides[0].isin(LAKE_CHAD_ACTORS) & ~sides[1].isin(LAKE_CHAD_ACTORS))
    frame = dyads.assign(jihadist=jihadist.to_numpy())
    grouped = frame.groupby(["country_iso3", "year", "violence_type"])["jihadist"].agg(
        ["all", "any"]).reset_index()
    grouped["scope"] = np.select([grouped["all"], ~grouped["any"]],
                                 ["central_sahel_jihadist", "other"], default="mixed")
    return grouped[["country_iso3", "year", "violence_type", "scope"]]


def deaths_by_scope(cy: pd.DataFrame, dyads: pd.DataFrame, mapping: pd.DataFrame
                    ) -> pd.DataFrame:
    """Country-year deaths split into central Sahel jihadist, other and mixed violence.

    `cy` is UCDP's country-year table by violence type; each country-year and type is
    classified by :func:`dyad_scope`. Columns: country_iso3, year, scope, deaths_best.
    """
    scope = dyad_scope(dyads, mapping)
    frame = cy.merge(scope, on=["country_iso3", "year", "violence_type"], how="left")
    frame["scope"] = frame["scope"].fillna("other")
    frame = frame[frame["deaths_best"] > 0]
    return frame.groupby(["country_iso3", "year", "scope"], as_index=False)["deaths_best"].sum()
