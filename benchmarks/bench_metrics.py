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
    timed("deaths_by_victim", lambda: metrics.actors.deaths_by_victim(events, mapping))
    timed("unmapped_actors", lambda: metrics.actors.unmapped_actors(events, mapping))
    timed("civilian_deaths", lambda: metrics.civilians.civilian_deaths(events, mapping))
    timed("civilian_state_side_before_after", lambda: metrics.civilians.state_side_before_after(
        events, mapping, "2021-12-01", 12, country="MLI"))
    timed("turn_windows_all_turns", lambda: metrics.windows.turn_windows(
        events, timeline, 12))
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
