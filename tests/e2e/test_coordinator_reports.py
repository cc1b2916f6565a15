"""/report as a coordinator gets it: key numbers, a PNG chart that opens as an image and
a CSV file with the documented columns; small groups show as "< 5"."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from PIL import Image

from domain.parents import Phase
from tests.builders import add_coordinator, add_parent
from tests.harness import BotHarness

DOCS = Path(__file__).resolve().parents[2] / "docs" / "reports.md"


def documented_columns() -> list[str]:
    """The column names of the table under "## CSV columns" in docs/reports.md."""
    section = DOCS.read_text(encoding="utf-8").split("## CSV columns", 1)[1].split("##", 1)[0]
    return re.findall(r"^\| `(\w+)` \|", section, flags=re.MULTILINE)


async def test_province_report_with_chart_and_csv(harness: BotHarness) -> None:
    telegram_id = 5000
    for phase, count in ((Phase.PREGNANT, 7), (Phase.BABY, 6)):
        for _ in range(count):
            telegram_id += 1
            await add_parent(harness, telegram_id, phase=phase)
    for _ in range(3):  # a group of three: never shown as such
        telegram_id += 1
        await add_parent(harness, telegram_id, municipality="eemsdelta", neighbourhood="delfzijl")

    coco = harness.coordinator("en")
    await coco.send("/report")
    await coco.tap("The whole province")
    key_numbers, chart, table = coco.messages[-3:]
    assert "Report for Groningen" in key_numbers.text
    assert "Parents reached: 16" in key_numbers.text
    assert "Waiting for a buddy: 16" in key_numbers.text
    assert "Mary" not in key_numbers.text and "Fatima" not in key_numbers.text

    assert chart.photo is not None
    image = Image.open(io.BytesIO(chart.photo))
    assert image.format == "PNG" and image.size[0] > 600
    image.verify()

    assert table.document is not None and table.document.filename.endswith(".csv")
    rows = list(csv.reader(io.StringIO(table.document.content.decode("utf-8-sig"))))
    assert (
        rows[0]
        == documented_columns()
        == [
            "scope",
            "section",
            "metric",
            "group",
            "period",
            "value",
        ]
    )
    values = {(row[2], row[3], row[4]): row[5] for row in rows[1:]}
    assert all(row[0] == "province" for row in rows[1:])
    assert values[("parents", "all", "all")] == "16"
    assert values[("parents_by_municipality", "eemsdelta", "all")] == "< 5"
    # Hidden as well: the total (16) would otherwise give the small group away.
    assert values[("parents_by_municipality", "groningen", "all")] == "hidden"
    assert values[("parents_by_phase", "pregnant", "all")] == "10"
    assert values[("parents_by_phase", "baby", "all")] == "6"
    assert values[("new_parents", "all", "2026-11")] == "16"
    assert "Fatima" not in table.document.content.decode("utf-8-sig")


async def test_a_local_coordinator_gets_their_municipality_at_once(harness: BotHarness) -> None:
    for telegram_id in range(5001, 5004):
        await add_parent(harness, telegram_id, municipality="eemsdelta", neighbourhood="delfzijl")
    await add_parent(harness, 5004)  # Groningen: not in this report
    await add_coordinator(harness, 910_004, municipality="eemsdelta", language="en")
    eline = harness.fake.user("Eline", "en", user_id=910_004)
    await eline.send("/report")
    key_numbers = eline.messages[-3].text
    assert "Report for Eemsdelta" in key_numbers
    assert "Parents reached: < 5" in key_numbers
    rows = list(csv.reader(io.StringIO(eline.last.document.content.decode("utf-8-sig"))))
    assert {row[0] for row in rows[1:]} == {"eemsdelta"}
    assert ("parents", "all", "all", "< 5") in {(r[2], r[3], r[4], r[5]) for r in rows}
    assert not any(r[2] == "parents_by_municipality" and r[3] == "groningen" for r in rows)

    await eline.tap("« Menu")  # under the CSV file: a document has no text to replace
    assert "Coordinator menu for Eemsdelta" in eline.last.text
    assert eline.messages[-2].document is not None  # the file stays; the menu comes new


async def test_report_is_only_for_coordinators(harness: BotHarness) -> None:
    parent = harness.user("Fatima", "en")
    await add_parent(harness, parent.id, language="en")
    await parent.send("/report")
    assert "I do not know that command" in parent.last.text
