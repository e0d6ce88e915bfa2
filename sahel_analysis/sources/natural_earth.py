"""Natural Earth 1:50m Admin-0 country boundaries (public domain)."""

from __future__ import annotations

from pathlib import Path

from sahel_analysis.sources.base import RemoteFile, Source

RELEASE = "5.1.1"
SOURCE = Source(
    key="natural_earth",
    title="Natural Earth 1:50m Admin 0 - Countries",
    publisher="Natural Earth (NACIS)",
    version=RELEASE,
    licence="Public domain",
    attribution="Made with Natural Earth. Free vector and raster map data @ naturalearthdata.com.",
    landing_url="https://www.naturalearthdata.com/downloads/50m-cultural-vectors/",
    redistributable=True,
    release=RELEASE,
    citation="boundaries: Natural Earth (public domain)",
    files={
        "countries": RemoteFile(
            path="natural_earth/ne_50m_admin_0_countries.zip",
            url="https://naciscdn.org/naturalearth/50m/cultural/ne_50m_admin_0_countries.zip",
            sha256="4919f1d35d4526b08f07cd3b8d7351d25328e063b180ca5036f6d1b3ed2ac3e3",
        )
    },
)

SIMPLIFY_DEGREES = 0.02


def tidy(path: Path):  # -> geopandas.GeoDataFrame
    """Return African country polygons (country_iso3, name, geometry), lightly simplified."""
    import geopandas as gpd

    world = gpd.read_file(f"zip://{path}", engine="pyogrio")
    africa = world[world["CONTINENT"] == "Africa"].copy()
    africa = africa.rename(columns={"ADM0_A3": "country_iso3", "NAME": "name"})
    africa = africa[["country_iso3", "name", "geometry"]].set_crs(4326, allow_override=True)
    africa["geometry"] = africa.geometry.simplify(SIMPLIFY_DEGREES, preserve_topology=True)
    return africa.sort_values("country_iso3").reset_index(drop=True)
