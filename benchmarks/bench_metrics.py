"""Each measure on the full embedded event table (target: under 0.2 s each)."""

import time

from sahel_analysis import countries, data, metrics


def timed(name, func, repeat=5):
    best = min(_once(func) for _ in range(repeat))
    print(f"{name}: {best:.4f} s")


def _once(func):
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


def main() -> None:
    events = data.events()
    mapping = data.actor_families()
    population = data.indicators(codes="SP.POP.TOTL")
    timeline = data.timeline(countries.AES)
    monthly = metrics.violence.event_series(events, "month", by=())
    yearly = metrics.violence.event_series(events, "year", by=())
    boundaries = data.boundaries()
    displacement = data.displacement()
    arms = data.arms_transfers()
    print(f"events_rows: {len(events)} rows")
    timed("event_series_month_by_country_type", lambda: metrics.violence.event_series(
        events, "month", by=["country_iso3", "violence_type"]))
    timed("rolling_12_month", lambda: metrics.violence.rolling_sum(
        metrics.violence.event_series(events, "month", by=["country_iso3"]), 12))
    timed("per_100k", lambda: metrics.violence.per_100k(
        metrics.violence.yearly_totals(data.fatalities()), population))
    timed("deaths_by_family", lambda: metrics.actors.deaths_by_family(events, mapping))
    timed("unmapped_actors", lambda: metrics.actors.unmapped_actors(events, mapping))
    timed("civilian_by_perpetrator", lambda: metrics.civilians.state_share(
        metrics.civilians.civilian_deaths_by_perpetrator(events, mapping)))
    timed("civilian_before_after", lambda: metrics.civilians.before_after(
        events, mapping, "2021-12-01"))
    timed("window_table_all_events", lambda: metrics.windows.mixed_window_table(
        monthly, yearly, timeline))
    timed("admin1_affected", lambda: metrics.spread.admin1_affected(events, 25))
    timed("centroid_and_spread", lambda: metrics.spread.centroid_and_spread(events))
    timed("distance_from_epicentre", lambda: metrics.spread.distance_from(
        events, metrics.spread.epicentre(events)))
    timed("tripoint_and_radius", lambda: metrics.spread.within_radius(
        events, metrics.spread.tripoint(boundaries), 150))
    timed("outside_core", lambda: metrics.spread.outside_core(events))
    timed("displacement_totals", lambda: metrics.displacement.totals(
        displacement, ["refugees", "asylum_seekers"]))
    timed("arms_by_bloc", lambda: metrics.realignment.arms_by_bloc(arms))


if __name__ == "__main__":
    main()
