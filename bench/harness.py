"""Side-by-side measurement for the scripts in bench/: the project against its floor.

Each side is a function that does one sample's work and returns what it measured (a
rate, a duration, or a list of durations). The sides run in turn in the same process,
A B A B ..., so that whatever else the machine is doing falls on both alike. Rounds go
on until every side's spread (interquartile range / median of its round values) is
small, or the time budget would be passed by one more round. Then the script prints
each side's median and minimum and the ratios, and ends with one line per measure:

    ratio relay 1.84 (target >= 1.5)

A script uses it like this:

    args = harness.arguments(__doc__, budget=60)
    result = harness.interleave("relay, 5,000 events", [
        harness.Side("udvalg relay", run_relay, unit="msg/s", higher_is_better=True),
        harness.Side("kombu, one confirm per message", run_floor, unit="msg/s", higher_is_better=True),
    ], budget_seconds=args.budget)
    harness.print_ratios([result.ratio("relay", "udvalg relay", "kombu, one confirm per message", target=1.5)])

Nothing here asserts a time: the ratio lines are the result.
"""

from __future__ import annotations

import argparse
import itertools
import os
import platform
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field


@dataclass
class Side:
    """One side of a comparison. `run` does one sample's work and returns its value, or a
    list of values (e.g. one latency per request). `statistic` is what the ratio compares:
    "median" or "p95" of all values."""

    name: str
    run: Callable[[], float | Sequence[float]]
    unit: str
    higher_is_better: bool = False
    statistic: str = "median"
    values: list[float] = field(default_factory=list)
    round_values: list[float] = field(default_factory=list)

    def record(self, result: float | Sequence[float]) -> None:
        values = [float(result)] if isinstance(result, int | float) else [float(v) for v in result]
        if not values:
            raise ValueError(f"{self.name} returned no value")
        self.values.extend(values)
        self.round_values.append(_statistic(values, self.statistic))

    @property
    def value(self) -> float:
        return _statistic(self.values, self.statistic)

    @property
    def spread(self) -> float:
        """Interquartile range of the round values over their median (0 = all alike)."""
        if len(self.round_values) < 4:
            return float("inf")
        q1, _, q3 = statistics.quantiles(self.round_values, n=4)
        median = statistics.median(self.round_values)
        return (q3 - q1) / median if median else float("inf")

    @property
    def best(self) -> float:
        return max(self.values) if self.higher_is_better else min(self.values)


@dataclass(frozen=True)
class Ratio:
    measure: str
    value: float
    target: float
    higher_is_better: bool

    @property
    def met(self) -> bool:
        return self.value >= self.target if self.higher_is_better else self.value <= self.target

    def line(self) -> str:
        sign = ">=" if self.higher_is_better else "<="
        return f"ratio {self.measure} {self.value:.2f} (target {sign} {self.target:g})"


@dataclass
class Result:
    title: str
    sides: dict[str, Side]
    rounds: int
    seconds: float

    def ratio(self, measure: str, project: str, floor: str, *, target: float) -> Ratio:
        """The project's statistic over the floor's: for rates higher is better, for
        durations lower is better (the project side says which)."""
        ours, theirs = self.sides[project], self.sides[floor]
        if ours.higher_is_better != theirs.higher_is_better:
            raise ValueError(f"{project} and {floor} do not measure the same way")
        ratio = Ratio(measure, ours.value / theirs.value, target, ours.higher_is_better)
        print(f"  {measure}: {project} / {floor} = {ratio.value:.2f} "
              f"({'met' if ratio.met else 'NOT met'}: target {ratio.line().rsplit('target ', 1)[1]}")
        return ratio


def interleave(
    title: str,
    sides: Sequence[Side],
    *,
    budget_seconds: float,
    min_rounds: int = 5,
    max_rounds: int = 40,
    spread: float = 0.10,
    warmup: int = 1,
) -> Result:
    """Run the sides in turn, round after round, and print what each measured."""
    print(f"\n{title}")
    for _ in range(warmup):
        for side in sides:
            side.run()
    started = time.monotonic()
    rounds = 0
    while rounds < max_rounds:
        round_started = time.monotonic()
        for side in sides:
            side.record(side.run())
        rounds += 1
        elapsed = time.monotonic() - started
        round_seconds = time.monotonic() - round_started
        settled = all(side.spread <= spread for side in sides)
        if rounds >= min_rounds and settled:
            break
        if elapsed + round_seconds > budget_seconds:
            break
    seconds = time.monotonic() - started
    width = max(len(side.name) for side in sides)
    print(f"  {rounds} rounds in {seconds:.0f} s (sides interleaved; spread = IQR / median of round values)")
    for side in sides:
        label = "p95" if side.statistic == "p95" else "median"
        print(f"  {side.name:<{width}}  {label} {_fmt(side.value)} {side.unit}  "
              f"min {_fmt(min(side.values))}  max {_fmt(max(side.values))}  "
              f"n {len(side.values)}  spread {_spread(side.spread)}")
    return Result(title=title, sides={side.name: side for side in sides}, rounds=rounds, seconds=seconds)


def print_ratios(ratios: Sequence[Ratio]) -> None:
    """The script's last lines: one per measure."""
    print()
    for ratio in ratios:
        print(ratio.line())


def print_growth(noun: str, sizes: Sequence[int], per_unit: Sequence[float]) -> None:
    """How the time grew from each size to the next, from the time per unit at each size
    (linear: 10x the size costs 10x the time)."""
    for (small, large), (before, after) in zip(itertools.pairwise(sizes), itertools.pairwise(per_unit)):
        print(f"  {small:,} -> {large:,} {noun}: {after * large / (before * small):.1f}x the time "
              f"for {large / small:g}x the {noun}")


def arguments(doc: str | None, *, budget: float, **extra: tuple[type, object, str]) -> argparse.Namespace:
    """Command-line arguments every bench script has (--budget seconds for the measuring)
    plus the script's own: name=(type, default, help)."""
    parser = argparse.ArgumentParser(description=(doc or "").split("\n\n")[0])
    parser.add_argument("--budget", type=float, default=float(os.environ.get("BENCH_BUDGET_SECONDS", budget)),
                        help=f"seconds of measuring at most (default {budget:g})")
    for name, (kind, default, help_text) in extra.items():
        parser.add_argument(f"--{name.replace('_', '-')}", type=kind, default=default, help=help_text)
    args = parser.parse_args()
    print(machine())
    return args


def machine() -> str:
    """One line naming the machine, for bench/README.md."""
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as cpuinfo:
            model = next(line.split(":", 1)[1].strip() for line in cpuinfo if line.startswith("model name"))
    except (OSError, StopIteration):
        pass
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    return (f"machine: {model}, {os.cpu_count()} cores, load {load}; "
            f"Python {platform.python_version()}, {platform.system()} {platform.release()}")


def _statistic(values: Sequence[float], name: str) -> float:
    if name == "median":
        return statistics.median(values)
    if name == "p95":
        if len(values) == 1:
            return values[0]
        return statistics.quantiles(values, n=20, method="inclusive")[18]
    raise ValueError(f"unknown statistic {name!r}")


def _fmt(value: float) -> str:
    return f"{value:.3g}" if abs(value) < 100 else f"{value:.0f}"


def _spread(value: float) -> str:
    return "n/a (under 4 rounds)" if value == float("inf") else f"{value:.0%}"
