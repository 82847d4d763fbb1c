"""Every named bad claims file gets its exact message, with file, line and column, and exit 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cells import ROOT
from tradecheck.cli import app

BAD = ROOT / "tests" / "bad_claims"
# {d} stands for the folder of the bad files.
EXPECTED: dict[str, list[str]] = {
    # A share of a share: of: naming the partner itself, or the world's share of the world.
    "share_of_itself": [
        "tradecheck: error: {d}/share_of_itself.yaml:9:59: claims[0].measure.of: 0003 European Union is the claim's partner itself: a share of itself is always 100%; name the whole the partner is a share of (leave of out for the world)",
    ],
    "share_of_the_world_itself": [
        "tradecheck: error: {d}/share_of_the_world_itself.yaml:9:39: claims[0].measure.partner: 0015 World, Not Seasonally Adjusted is the whole of a share of the world: a share of itself is always 100%; name the partner whose share it is",
    ],
    # of: on an operation other than share.
    "of_not_a_share": [
        "tradecheck: error: {d}/of_not_a_share.yaml:6:5: claims[0]: measure.of ('European Union') names the whole of a share; operation 'level' has no whole (use operation: share, or leave of out)",
    ],
    "misspelled_of": [
        "tradecheck: error: {d}/misspelled_of.yaml:9:52: claims[0].measure.of: unknown partner 'Europian Union'; did you mean 0003 European Union?",
    ],
    "share_points_one_period": [
        "tradecheck: error: {d}/share_points_one_period.yaml:6:5: claims[0]: claimed 'fell 8 points' is a change in percentage points: give period {from: ..., to: ...}, or claim the share as a percent",
    ],
    # Sums, comparisons and streaks (issue 20).
    "compare_than_itself": [
        "tradecheck: error: {d}/compare_than_itself.yaml:9:61: claims[0].measure.than[1]: 1220 Canada is the claim's partner itself: a comparison with itself has no gap; name the partners it is compared with",
    ],
    "streak_one_period": [
        "tradecheck: error: {d}/streak_one_period.yaml:6:5: claims[0]: claimed 'rose every year since 2019' for 2020: the years after 2019 up to 2020 are one period, a single change and no streak (claim it as a direction with operation 'change')",
    ],
    "sum_repeated_partner": [
        "tradecheck: error: {d}/sum_repeated_partner.yaml:9:56: claims[0].measure.partner[2]: 1220 Canada is listed twice (items 0 and 2): its values would be counted twice; name each partner once",
    ],
    "partners_not_a_sum": [
        "tradecheck: error: {d}/partners_not_a_sum.yaml:6:5: claims[0]: measure.partner is a list; operation 'level' takes one partner (a list of partners is for operation 'sum')",
    ],
    "than_not_a_compare": [
        "tradecheck: error: {d}/than_not_a_compare.yaml:6:5: claims[0]: measure.than names the other side of a comparison; operation 'level' has none (use operation: compare, or leave than out)",
    ],
    "compare_no_other_side": [
        "tradecheck: error: {d}/compare_no_other_side.yaml:6:5: claims[0]: operation 'compare' needs the other side: measure.than (partners, e.g. [China, Japan]) or measure.than_period (a period, e.g. 2016)",
    ],
    "sum_of_one": [
        "tradecheck: error: {d}/sum_of_one.yaml:6:5: claims[0]: operation 'sum' totals a range of periods (period: '2001..2024') or several partners (partner: [Canada, Mexico]); one partner in one period (2023) is a level (use operation: level)",
    ],
    "streak_first_straight": [
        "tradecheck: error: {d}/streak_first_straight.yaml:12:14: claims[0].claimed: 'fell for the first straight year': a streak is at least two changes in a row ('the second straight year'); a single change is a direction ('fell', operation 'change')",
    ],
    "streak_wrong_frequency": [
        "tradecheck: error: {d}/streak_wrong_frequency.yaml:6:5: claims[0]: claimed 'the second consecutive monthly increase' is a streak of months, but period 2023 is not one of them",
    ],
    "compare_same_period": [
        "tradecheck: error: {d}/compare_same_period.yaml:6:5: claims[0]: measure.than_period (2023) is the claim's period itself: name another period to compare with",
    ],
    "than_misspelled": [
        "tradecheck: error: {d}/than_misspelled.yaml:9:61: claims[0].measure.than[1]: unknown partner 'Japna'; did you mean 5880 Japan?",
    ],
    "streak_range": [
        "tradecheck: error: {d}/streak_range.yaml:6:5: claims[0]: operation 'streak' takes a year, a quarter or a month, not a range (2018..2020)",
    ],
    # A schema problem and misspelled partners of lists: all reported at once.
    "several_partner_lists": [
        "tradecheck: error: {d}/several_partner_lists.yaml:9:48: claims[0].measure.partner[1]: unknown partner 'Mexcio'; did you mean 2010 Mexico?",
        "tradecheck: error: {d}/several_partner_lists.yaml:9:64: claims[0].measure.than[0]: unknown partner 'Chna'; did you mean 5700 China, 7560 Chad?",
        "tradecheck: error: {d}/several_partner_lists.yaml:13:5: claims[0].colour: unknown field",
    ],
    "record_one_period": [
        "tradecheck: error: {d}/record_one_period.yaml:6:5: claims[0]: claimed 'the highest since 2017' for 2018: the periods after 2017 up to 2018 are at most the claimed one, so there is no record to judge",
    ],
    "record_range": [
        "tradecheck: error: {d}/record_range.yaml:6:5: claims[0]: operation 'record' takes a year or a month, not a range (2015..2018)",
    ],
    "record_not_a_record": [
        "tradecheck: error: {d}/record_not_a_record.yaml:6:5: claims[0]: a record ('a record') cannot be claimed for operation 'level'",
    ],
    "record_level_percent": [
        "tradecheck: error: {d}/record_level_percent.yaml:12:14: claims[0].claimed: 'a record 17%': a record's level is an amount of dollars, e.g. 'a record $418.2 billion'",
    ],
    "backwards_range": [
        "tradecheck: error: {d}/backwards_range.yaml:10:13: claims[0].period: range 2020-08..2020-01 runs backwards: its end must come after its start",
    ],
    "mixed_range": [
        "tradecheck: error: {d}/mixed_range.yaml:10:13: claims[0].period: range 2020-01..2021 mixes a month and a year; write both ends as months ('2020-01..2020-08') or both as years ('2001..2024')",
    ],
    "quarter_range": [
        "tradecheck: error: {d}/quarter_range.yaml:10:13: claims[0].period: a range runs over months ('2020-01..2020-08') or years ('2001..2024'), not quarters",
    ],
    "bad_half": [
        "tradecheck: error: {d}/bad_half.yaml:10:13: claims[0].period: half H3 is not a half (H1 or H2)",
    ],
    "open_range": [
        "tradecheck: error: {d}/open_range.yaml:10:13: claims[0].period: range '2020-01..' needs both ends, e.g. '2020-01..2020-08'",
    ],
    "range_and_period": [
        "tradecheck: error: {d}/range_and_period.yaml:10:13: claims[0].period: 'from' and 'to' must both be ranges (year-to-date against the same months a year earlier) or both be single periods",
    ],
    "one_period_range": [
        "tradecheck: error: {d}/one_period_range.yaml:10:13: claims[0].period: range 2020-03..2020-03 has one period; write it as 2020-03",
    ],
    "services_census": [
        "tradecheck: error: {d}/services_census.yaml:9:14: claims[0].measure: basis: census applies to goods only; scope: services is on the BOP basis by definition (write basis: bop, or leave basis out)",
    ],
    "annual_adjustment": [
        "tradecheck: error: {d}/annual_adjustment.yaml:6:5: claims[0]: adjustment: sa applies to months and quarters only; 2024 is a year, whose total carries no seasonal adjustment (leave adjustment out)",
    ],
    "bad_scope": [
        "tradecheck: error: {d}/bad_scope.yaml:9:53: claims[0].measure.scope: 'goods-services' is not one of 'goods', 'services' or 'goods-and-services'",
    ],
    "bad_adjustment": [
        "tradecheck: error: {d}/bad_adjustment.yaml:9:58: claims[0].measure.adjustment: 'seasonal' is not one of 'nsa' or 'sa'",
    ],
    "bad_quarter": [
        "tradecheck: error: {d}/bad_quarter.yaml:10:13: claims[0].period: quarter Q5 is not a quarter (Q1-Q4)",
    ],
    "quarter_span": [
        "tradecheck: error: {d}/quarter_span.yaml:10:13: claims[0].period: 'from' and 'to' must both be years, both be months or both be quarters",
    ],
    "sign_on_exports": [
        "tradecheck: error: {d}/sign_on_exports.yaml:6:5: claims[0]: claimed 'a deficit' is the sign of a balance: use flow: balance",
    ],
    "sign_on_change": [
        "tradecheck: error: {d}/sign_on_change.yaml:6:5: claims[0]: a sign ('a deficit') cannot be claimed for operation 'change'",
    ],
    "services_commodity": [
        "tradecheck: error: {d}/services_commodity.yaml:9:14: claims[0].measure: commodity: end-use 3 applies to goods only; scope: services has no commodity detail",
    ],
    "alias_bomb": [
        "tradecheck: error: {d}/alias_bomb.yaml:1:4: b[0]: YAML aliases (*name) are not allowed",
    ],
    "ambiguous": [
        "tradecheck: error: {d}/ambiguous.yaml:9:39: claims[0].measure.partner: partner 'Congo' is ambiguous: 7630 Congo, 7660 Democratic Republic of Congo; write the code",
    ],
    "broken_yaml": [
        "tradecheck: error: {d}/broken_yaml.yaml:2:1: invalid YAML: did not find expected ',' or ']'",
    ],
    "duplicate_ids": [
        "tradecheck: error: {d}/duplicate_ids.yaml:10:9: claims[1].id: duplicate claim id 'a' (first used by claims[0])",
    ],
    "empty": [
        "tradecheck: error: {d}/empty.yaml: the file is empty",
    ],
    "latin": [
        "tradecheck: error: {d}/latin.yaml:1: not UTF-8 text (byte 17)",
    ],
    "missing_fields": [
        "tradecheck: error: {d}/missing_fields.yaml:6:5: claims[0]: missing period, operation, claimed (or give not_checkable: <reason> for a claim no trade statistic can check)",
    ],
    "misspelled_partner": [
        "tradecheck: error: {d}/misspelled_partner.yaml:9:39: claims[0].measure.partner: unknown partner 'Koreaa'; did you mean 5800 Korea, South?",
    ],
    "month13": [
        "tradecheck: error: {d}/month13.yaml:10:13: claims[0].period: month 13 is not a month (1-12)",
    ],
    "python_tag": [
        "tradecheck: error: {d}/python_tag.yaml:1:9: source: YAML tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed",
    ],
    "sa_world": [
        "tradecheck: error: {d}/sa_world.yaml:9:39: claims[0].measure.partner: 0004 (World, Seasonally Adjusted) is the seasonally adjusted world total (not the partner total 0015); it cannot answer a partner claim; use partner: world with adjustment: sa",
    ],
    "three_stages": [
        "tradecheck: error: {d}/three_stages.yaml:8:21: claims[0].measure.flow: 'export' is not one of 'exports', 'imports', 'balance' or 'total'",
        "tradecheck: error: {d}/three_stages.yaml:8:38: claims[0].measure.partner: unknown partner 'Koreaa'; did you mean 5800 Korea, South?",
        "tradecheck: error: {d}/three_stages.yaml:12:9: claims[1].id: duplicate claim id 'a' (first used by claims[0])",
        "tradecheck: error: {d}/three_stages.yaml:15:39: claims[1].measure.partner: unknown partner 'Germnay'; did you mean 4280 Germany?",
    ],
    "several_problems": [
        "tradecheck: error: {d}/several_problems.yaml:6:5: claims[0]: a percent ('2.7%') cannot be claimed for operation 'level'",
        "tradecheck: error: {d}/several_problems.yaml:13:9: claims[1].id: duplicate claim id 'a' (first used by claims[0])",
        "tradecheck: error: {d}/several_problems.yaml:16:21: claims[1].measure.flow: 'export' is not one of 'exports', 'imports', 'balance' or 'total'",
        "tradecheck: error: {d}/several_problems.yaml:19:14: claims[1].claimed: cannot read 'lots' as a value; accepted forms: '$42.3 billion', '2.7%', '0.5 points', 'doubled', 'three times', 'by a third', 'fell', after words such as 'more than', 'nearly', 'a decline of' (the README lists every word)",
        "tradecheck: error: {d}/several_problems.yaml:20:15: claims[1].expected: 'unverifiable' is not a finding (it means data is missing); leave 'expected' out until the data exists",
    ],
    "tabs": [
        "tradecheck: error: {d}/tabs.yaml:2:1: invalid YAML: a tab character; YAML indents with spaces",
    ],
    "to_before_from": [
        "tradecheck: error: {d}/to_before_from.yaml:10:13: claims[0].period: 'to' (2011) must come after 'from' (2016)",
    ],
    "unknown_field": [
        "tradecheck: error: {d}/unknown_field.yaml:13:5: claims[0].expectd: unknown field (did you mean 'expected'?)",
    ],
    "wrong_type": [
        "tradecheck: error: {d}/wrong_type.yaml:7:12: claims[0].quote: must be text",
    ],
    "bad_commodity": [
        "tradecheck: error: {d}/bad_commodity.yaml:6:63: claims[0].measure.commodity: HS code '870' must have 2, 4, 6 or 10 digits",
    ],
    "bad_date": [
        "tradecheck: error: {d}/bad_date.yaml:1:40: source.date: 'January 2018' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)",
    ],
    "bad_id": [
        "tradecheck: error: {d}/bad_id.yaml:3:9: claims[0].id: an id is lower-case letters, digits, '.', '_' or '-', starting with a letter or digit",
    ],
    "bad_operation": [
        "tradecheck: error: {d}/bad_operation.yaml:8:16: claims[0].operation: 'growth' is not one of 'level', 'change', 'percent-change', 'multiple', 'record', 'rank', 'share', 'sum', 'compare' or 'streak'",
    ],
    "bad_vintage": [
        "tradecheck: error: {d}/bad_vintage.yaml:10:14: claims[0].vintage: '2018' is not a vintage name (YYYY-MM, e.g. 2018-10, or a fetch date YYYY-MM-DD, in ASCII digits)",
    ],
    "missing_source": [
        "tradecheck: error: {d}/missing_source.yaml:1:1: source: missing required field",
    ],
    "mixed_span": [
        "tradecheck: error: {d}/mixed_span.yaml:7:13: claims[0].period: 'from' and 'to' must both be years, both be months or both be quarters",
    ],
    "no_claims": [
        "tradecheck: error: {d}/no_claims.yaml:2:9: claims: must not be empty",
    ],
    "not_a_mapping": [
        "tradecheck: error: {d}/not_a_mapping.yaml:1:1: a claims file is a mapping with 'source' and 'claims'",
    ],
    "percent_on_level": [
        "tradecheck: error: {d}/percent_on_level.yaml:3:5: claims[0]: a percent ('2.7 percent') cannot be claimed for operation 'level'",
    ],
    "unparseable_claimed": [
        "tradecheck: error: {d}/unparseable_claimed.yaml:9:14: claims[0].claimed: cannot read 'x.3 billion' in '$4x.3 billion'; accepted forms: '$42.3 billion', '2.7%', '0.5 points', 'doubled', 'three times', 'by a third', 'fell', after words such as 'more than', 'nearly', 'a decline of' (the README lists every word)",
    ],
    "vague_without_reading": [
        "tradecheck: error: {d}/vague_without_reading.yaml:3:5: claims[0]: claimed 'ballooned' is not a number; add reading: with means: (e.g. 'more than 50%') and because: (why that threshold)",
    ],
    "wrong_flow": [
        "tradecheck: error: {d}/wrong_flow.yaml:6:21: claims[0].measure.flow: 'exprts' is not one of 'exports', 'imports', 'balance' or 'total'",
    ],
    "year_out_of_range": [
        "tradecheck: error: {d}/year_out_of_range.yaml:7:13: claims[0].period: year 1850 is out of range (1900-2100)",
    ],
    "misspelled_keys": [
        "tradecheck: error: {d}/misspelled_keys.yaml:1:49: source.urll: unknown field (did you mean 'url'?)",
        "tradecheck: error: {d}/misspelled_keys.yaml:2:1: vintag: unknown field (did you mean 'vintage'?)",
        "tradecheck: error: {d}/misspelled_keys.yaml:7:47: claims[0].measure.commodty: unknown field (did you mean 'commodity'?)",
        "tradecheck: error: {d}/misspelled_keys.yaml:11:49: claims[0].reading.becuse: unknown field (did you mean 'because'?)",
    ],
    "missing_id": [
        "tradecheck: error: {d}/missing_id.yaml:3:5: claims[0].id: missing required field",
    ],
}


@pytest.mark.parametrize("command", ["verify", "lint"])
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_bad_claims_file(name: str, command: str) -> None:
    path = BAD / f"{name}.yaml"
    result = CliRunner().invoke(app, [command, str(path)])
    assert result.exit_code == 2
    assert result.stdout == ""
    expected = [line.replace("{d}", str(BAD)) for line in EXPECTED[name]]
    assert result.stderr.splitlines() == expected
    assert "Traceback" not in result.stderr


def test_every_bad_file_has_an_expectation() -> None:
    assert sorted(p.stem for p in BAD.glob("*.yaml")) == sorted(EXPECTED)
    assert len(EXPECTED) >= 25


def test_oversized_file_refused_before_parsing(tmp_path: Path) -> None:
    from tradecheck.claims import MAX_FILE_BYTES

    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)
    result = CliRunner().invoke(app, ["verify", str(path)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"tradecheck: error: {path}: file is {MAX_FILE_BYTES + 1} bytes, "
        f"over the {MAX_FILE_BYTES} byte limit\n"
    )


def test_hints_know_every_nested_model() -> None:
    """Each model a claims file can nest (field by field from ClaimsFile) has its key path in
    MODELS_AT, so an unknown key anywhere gets its "did you mean"."""
    import typing

    from pydantic import BaseModel

    from tradecheck.claims import MODELS_AT, ClaimsFile, Span

    def models_in(annotation: object) -> list[type[BaseModel]]:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return [annotation]
        return [m for arg in typing.get_args(annotation) for m in models_in(arg)]

    found: dict[tuple[str, ...], type[BaseModel]] = {}

    def walk(path: tuple[str, ...], model: type[BaseModel]) -> None:
        found[path] = model
        for name, field in model.model_fields.items():
            for nested in models_in(field.annotation):
                if nested is not Span:  # a period's own messages name 'from' and 'to'
                    walk((*path, field.alias or name), nested)

    walk((), ClaimsFile)
    assert found == MODELS_AT


def test_lint_names_the_valid_files_of_a_run_with_invalid_ones() -> None:
    korus = ROOT / "claims" / "korus-2018.yaml"
    bad = BAD / "misspelled_partner.yaml"
    result = CliRunner().invoke(app, ["lint", str(bad), str(korus)])
    assert result.exit_code == 2
    assert result.stdout == f"{korus}: 10 claims, no problems\n"
    assert result.stderr == (
        f"tradecheck: error: {bad}:9:39: claims[0].measure.partner: unknown partner 'Koreaa'; "
        "did you mean 5800 Korea, South?\n"
    )
