"""The benchmark's targets, checked on made-up measurements."""

from __future__ import annotations

from bench.measure import Load, Results, Timing, check_targets


def _timing(name: str, median_ms: float, queries: int = 8) -> Timing:
    return Timing(name, queries, median_ms, median_ms * 1.2, 20)


def _world(**medians: float) -> Results:
    results = Results("world")
    results.timings = [
        _timing("ratings workspace", medians.get("workspace", 20)),
        _timing("results", medians.get("results", 30)),
        _timing("rating save", medians.get("save", 9)),
        _timing("regional heatmap", medians.get("heatmap", 100), queries=9),
        _timing("comparison API", medians.get("comparison", 80), queries=8),
    ]
    results.load = [
        Load("hello world", 1000.0, 1.0),
        Load("ratings workspace", 70.0, 0.07),
        Load("results", 25.0, 0.025),
        Load("rating save", 200.0, 0.2),
    ]
    results.reports = {"assessment PDF": 2.1, "regional PDF": 8.4}
    results.memory_mb = {"server worker peak": 140.0}
    return results


def _verdicts(results: Results) -> dict[str, bool]:
    return {target: passed for target, passed, _figure in results.checks}


def test_every_target_gets_a_line_and_the_missed_ones_fail():
    results = _world()
    check_targets(results, earlier={})
    verdicts = _verdicts(results)
    assert verdicts["rating save: median at most 15 ms"]
    assert verdicts["ratings workspace: at least 3% of hello-world throughput"]
    assert not verdicts["results: at least 3% of hello-world throughput"]  # 2.5 %
    assert verdicts["assessment PDF: at most 3 s"]
    assert not verdicts["regional PDF: at most 8 s"]  # 8.4 s
    assert verdicts["peak memory of a worker: at most 400 MB"]
    assert all(verdicts[f"{t.name}: at most 15 queries"] for t in results.timings)


def test_the_regional_comparison_is_checked_on_the_heatmap_and_the_api_at_world_scale():
    results = _world(comparison=151)
    check_targets(results, earlier={"1": {"timings": {"regional heatmap": {"queries": 9}}}})
    verdicts = _verdicts(results)
    assert verdicts["regional comparison (world), regional heatmap: median at most 150 ms"]
    assert not verdicts["regional comparison (world), comparison API: median at most 150 ms"]
    assert verdicts["regional comparison, regional heatmap: same query count at scale 1 and world"]
    # No scale-1 run of the API recorded yet: nothing to compare with, no line.
    assert not any("comparison API: same query count" in target for target in verdicts)


def test_a_query_count_that_grows_with_the_data_fails():
    results = _world()
    earlier = {
        "1": {"timings": {"regional heatmap": {"queries": 7}, "comparison API": {"queries": 8}}}
    }
    check_targets(results, earlier)
    verdicts = _verdicts(results)
    assert not verdicts[
        "regional comparison, regional heatmap: same query count at scale 1 and world"
    ]
    assert verdicts["regional comparison, comparison API: same query count at scale 1 and world"]


def test_the_world_only_targets_are_not_checked_at_scale_1():
    results = _world()
    results.scale = "1"
    check_targets(results, earlier={})
    assert not any("regional comparison" in target for target, _ok, _figure in results.checks)
