"""`verify --format junit`: one test case per claim, for CI systems that read JUnit XML.

A claim that does not reproduce is a failure carrying claimed vs computed; an unverifiable
claim is skipped with its reason; every other claim passes.
"""

from __future__ import annotations

from typing import TextIO
from xml.etree import ElementTree as ET

from tradecheck.domain import Verdict
from tradecheck.report import Report
from tradecheck.textsafe import printable_lines


def write(report: Report, out: TextIO, width: int | None = None) -> None:
    out.write(junit_xml(report))


def junit_xml(report: Report) -> str:
    suites = ET.Element("testsuites", name="tradecheck")
    total = failures = skipped = 0
    for file in report.files:
        suite = ET.SubElement(suites, "testsuite", name=file.path)
        f = s = 0
        for claim in file.claims:
            case = ET.SubElement(suite, "testcase", classname=file.path, name=claim.id)
            claimed = claim.claimed.text if claim.claimed else "-"
            computed = (
                f"{claim.computed.value:.6g} {claim.computed.unit}" if claim.computed else "-"
            )
            detail = (
                f"quote: {claim.quote}\nclaimed: {claimed}\ncomputed: {computed}\n"
                f"verdict: {claim.verdict.value} (rule {claim.rule})\nreason: {claim.reason}"
            )
            if claim.verdict is Verdict.UNVERIFIABLE:
                ET.SubElement(case, "skipped", message=claim.reason)
                s += 1
            elif not claim.reproduces:
                recorded = (
                    f"recorded {claim.expected.value}" if claim.expected else "no recorded verdict"
                )
                failure = ET.SubElement(
                    case,
                    "failure",
                    message=f"{claim.verdict.value} ({recorded}): claimed {claimed}, "
                    f"computed {computed}",
                    type=claim.verdict.value,
                )
                failure.text = detail
                f += 1
            else:
                ET.SubElement(case, "system-out").text = detail
        suite.set("tests", str(len(file.claims)))
        suite.set("failures", str(f))
        suite.set("errors", "0")
        suite.set("skipped", str(s))
        total += len(file.claims)
        failures += f
        skipped += s
    suites.set("tests", str(total))
    suites.set("failures", str(failures))
    suites.set("errors", "0")
    suites.set("skipped", str(skipped))
    for element in suites.iter():  # XML 1.0 cannot hold control characters: show them escaped
        element.attrib = {k: printable_lines(v) for k, v in element.attrib.items()}
        if element.text:
            element.text = printable_lines(element.text)
    ET.indent(suites)
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
    )
