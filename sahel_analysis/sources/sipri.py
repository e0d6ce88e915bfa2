"""SIPRI Arms Transfers Database and Military Expenditure Database.

SIPRI's databases may be used free of charge with citation but are not openly licensed: the
package ships only aggregates derived from them (TIV by recipient, supplier and year), cited.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from sahel_analysis.countries import iso3_or_none
from sahel_analysis.sources.base import RemoteFile, Source

_DERIVED = (
    "it is a SIPRI export filtered to West African and Sahel recipients; SIPRI does not allow "
    "redistribution of its database, so export it yourself from https://armstransfers.sipri.org/."
)

SOURCE = Source(
    key="sipri",
    title="SIPRI Arms Transfers Database (major conventional weapons); SIPRI Military Expenditure",
    publisher="Stockholm International Peace Research Institute (SIPRI)",
    version="arms exports of 3 Jan 2025 (deliveries 2000-2023) and 13 Mar 2025 (orders to 2024)",
    licence="© SIPRI: free use with citation; no redistribution of the database (aggregates only)",
    attribution=(
        "Source: SIPRI Arms Transfers Database, © SIPRI, "
        "https://www.sipri.org/databases/armstransfers (exports of 3 January 2025 and 13 March "
        "2025). Figures are SIPRI trend-indicator values (TIV), a volume measure, not money."
    ),
    landing_url="https://www.sipri.org/databases/armstransfers",
    redistributable=False,
    citation="SIPRI Arms Transfers Database, © SIPRI (TIV, aggregates)",
    files={
        "deliveries": RemoteFile(
            path="sipri/sipri_transfers_wafrica_sahel_deliveries_2000_2023.csv",
            url="https://armstransfers.sipri.org/",
            sha256="c1a89e47f20135018db1e89bb277f1740e9038ae74b6f48591e5481ab91d58d0",
            derived=_DERIVED,
        ),
        "deals": RemoteFile(
            path="sipri/sipri_trade_register_wafrica_sahel_deals.csv",
            url="https://armstransfers.sipri.org/",
            sha256="8e45a75102b8412d068f71c3331859df2d5b1f9a4065e2999d3820aec70f33c9",
            derived=_DERIVED,
        ),
        "milex": RemoteFile(
            path="sipri/SIPRI-Milex-data-1948-2023.xlsx",
            url="https://www.sipri.org/databases/milex",
            sha256="20c9afbebd8e0111c5b38da36370c7e73e83a9d4c9078e10a7854d1fe6ba1360",
            derived="SIPRI serves the workbook from its Milex page after accepting its terms.",
        ),
    },
)

OTHER_EUROPE = frozenset(
    {
        "Albania", "Austria", "Belarus", "Belgium", "Bosnia-Herzegovina", "Bulgaria", "Croatia",
        "Czechia", "Czechoslovakia", "Denmark", "Estonia", "Finland", "Georgia", "Germany",
        "East Germany (GDR)", "Greece", "Hungary", "Ireland", "Italy", "Latvia", "Lithuania",
        "Luxembourg", "Moldova", "Montenegro", "Netherlands", "North Macedonia", "Norway",
        "Poland", "Portugal", "Romania", "Serbia", "Slovakia", "Slovenia", "Spain", "Sweden",
        "Switzerland", "Ukraine", "United Kingdom", "Yugoslavia", "European Union**",
    }
)
BLOCS = ("Russia", "China", "Türkiye", "France", "United States", "Other Europe", "Other")


def supplier_bloc(supplier: str) -> str:
    """Group a SIPRI supplier name into one of :data:`BLOCS`.

    "Other Europe" is every European supplier except France and Russia (it includes Ukraine
    and Belarus, whose deliveries are mostly Soviet-designed equipment).

    Example:
        >>> supplier_bloc("Soviet Union")
        'Russia'
    """
    name = str(supplier).strip()
    if name in {"Russia", "Soviet Union"}:
        return "Russia"
    if name in {"Turkiye", "Turkey", "Türkiye"}:
        return "Türkiye"
    if name in {"China", "France", "United States"}:
        return name
    return "Other Europe" if name in OTHER_EUROPE else "Other"


def tidy_deliveries(path: Path) -> pd.DataFrame:
    """Return TIV delivered per covered recipient, supplier and delivery year (2000-2023)."""
    raw = pd.read_csv(path, encoding="utf-8")
    raw["recipient_iso3"] = iso3_or_none(raw["Recipient"])
    raw = raw[raw["recipient_iso3"].notna()]
    grouped = raw.groupby(["recipient_iso3", "Supplier", "Delivery year"], as_index=False).agg(
        tiv_delivered=("TIV delivery values", "sum"),
        deals=("SIPRI AT Database ID", "nunique"),
    )
    grouped = grouped.rename(columns={"Supplier": "supplier", "Delivery year": "year"})
    grouped["supplier_bloc"] = grouped["supplier"].map(supplier_bloc)
    grouped["year"] = grouped["year"].astype("int64")
    grouped["deals"] = grouped["deals"].astype("int64")
    grouped["tiv_delivered"] = grouped["tiv_delivered"].astype("float64").round(3)
    columns = ["recipient_iso3", "supplier", "supplier_bloc", "year", "tiv_delivered", "deals"]
    return grouped[columns].sort_values(columns[:4]).reset_index(drop=True)


def tidy_orders(path: Path) -> pd.DataFrame:
    """Return deals ordered per covered recipient, supplier and order year (to 2024)."""
    raw = pd.read_csv(path, encoding="utf-8")
    raw["recipient_iso3"] = iso3_or_none(raw["Recipient"])
    raw = raw[raw["recipient_iso3"].notna()]
    raw["delivered"] = raw["Year(s) of delivery"].notna()
    grouped = raw.groupby(["recipient_iso3", "Supplier", "Year of order"], as_index=False).agg(
        deals=("Weapon designation", "size"),
        tiv_ordered=("SIPRI TIV for total order", "sum"),
        tiv_delivered=("SIPRI TIV of delivered weapons", "sum"),
        undelivered_deals=("delivered", lambda s: int((~s).sum())),
    )
    grouped = grouped.rename(columns={"Supplier": "supplier", "Year of order": "order_year"})
    grouped["supplier_bloc"] = grouped["supplier"].map(supplier_bloc)
    for column in ("deals", "undelivered_deals", "order_year"):
        grouped[column] = grouped[column].astype("int64")
    for column in ("tiv_ordered", "tiv_delivered"):
        grouped[column] = grouped[column].astype("float64").round(3)
    columns = ["recipient_iso3", "supplier", "supplier_bloc", "order_year", "deals",
               "undelivered_deals", "tiv_ordered", "tiv_delivered"]
    return grouped[columns].sort_values(columns[:4]).reset_index(drop=True)


def read_milex(path: Path, sheet: str = "Share of GDP", header_row: int = 5) -> pd.DataFrame:
    """Return one sheet of the SIPRI Milex workbook in long form (country, year, value).

    SIPRI marks missing data ". ." and not-independent years "xxx"; both become NaN.
    """
    wide = pd.read_excel(path, sheet_name=sheet, header=header_row)
    wide = wide.rename(columns={wide.columns[0]: "country"})
    years = [c for c in wide.columns if str(c).isdigit()]
    long = wide.melt(id_vars="country", value_vars=years, var_name="year", value_name="value")
    long["value"] = pd.to_numeric(long["value"], errors="coerce")
    long["year"] = long["year"].astype("int64")
    return long.dropna(subset=["country"]).reset_index(drop=True)
