"""Proposals YAML: the bundled file loads; a bad file is one precise error (file, line, field)."""

from __future__ import annotations

from pathlib import Path

import pytest

from remisskoll.proposals import ProposalsError, load_proposals, parse_proposals

GOOD = """\
remiss:
  id: test
  title: Test
  ministry: Testdepartementet
proposals:
  - id: first
    title: Första förslaget
    summary: Något
    area: a
    terms: [första]
  - id: second
    title: Andra förslaget
    summary: Något annat
    area: a
    terms: [andra]
    sections: ["6.3"]
"""


def test_bundled_file_has_the_nine_public_ids_in_report_order() -> None:
    remiss = load_proposals()
    assert remiss.ids == (
        "dygnet_runt",
        "avtal",
        "ledningsansvar",
        "kommunala_lakare",
        "nationell_samordnare",
        "ledarskapsutbildning",
        "magnetmodellen",
        "specialistsjukskoterskor",
        "vulf",
    )
    assert remiss.title.endswith("(SOU 2024:72)")
    assert all(p.terms for p in remiss.proposals)


def test_root_proposals_path_is_the_packaged_file() -> None:
    root = Path(__file__).resolve().parent.parent
    assert load_proposals(root / "proposals" / "sou-2024-72.yaml").proposals == load_proposals().proposals


def test_a_good_file_parses_with_optional_fields() -> None:
    remiss = parse_proposals(GOOD, "x.yaml")
    assert remiss.ids == ("first", "second")
    assert remiss.proposal("second").sections == ("6.3",)
    assert remiss.proposal("first").label == "first"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("remiss: [\n", "x.yaml:2: YAML syntax error"),
        (
            GOOD.replace("id: second", "id: first"),
            "x.yaml:11: proposals[1].id: duplicate id 'first' (first on line 6)",
        ),
        (
            GOOD.replace("    summary: Något annat\n", ""),
            "x.yaml:11: proposals[1].summary: missing required field",
        ),
        (
            GOOD.replace(
                "    area: a\n    terms: [andra]", "    area: a\n    colour: red\n    terms: [andra]"
            ),
            "x.yaml:15: proposals[1].colour: unknown field (known: id, title, summary, area, terms, short, sections, concepts)",
        ),
        (
            GOOD.split("proposals:")[0] + "proposals: []\n",
            "x.yaml:5: proposals: must be a non-empty list of proposals",
        ),
        (
            GOOD.replace("id: second", "id: Second-One"),
            "x.yaml:11: proposals[1].id: 'Second-One' must be lower-case",
        ),
        (
            GOOD.replace("terms: [andra]", "terms: []"),
            "x.yaml:15: proposals[1].terms: must list at least one term",
        ),
        (
            GOOD.replace('["6.3"]', '["kapitel sex"]'),
            "x.yaml:16: proposals[1].sections: 'kapitel sex' is not like",
        ),
        (
            GOOD.replace("  ministry: Testdepartementet\n", ""),
            "x.yaml:2: remiss.ministry: missing required field",
        ),
        ("", "x.yaml: the file is empty"),
    ],
)
def test_bad_files_name_file_line_and_field(text: str, message: str) -> None:
    with pytest.raises(ProposalsError) as err:
        parse_proposals(text, "x.yaml")
    assert str(err.value).startswith(message)


def test_a_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(ProposalsError, match=r"nope\.yaml: file not found — check the --proposals path"):
        load_proposals(tmp_path / "nope.yaml")


def test_concepts_are_read_and_checked() -> None:
    base = "remiss: {id: x, title: X, ministry: Y}\nproposals:\n  - {id: a, title: A, summary: s, area: a, terms: [t]"
    remiss = parse_proposals(base + ", concepts: {tid: [natt, helg], vem: [läkare]}}\n", "p.yaml")
    assert remiss.proposals[0].concepts == (("tid", ("natt", "helg")), ("vem", ("läkare",)))
    with pytest.raises(
        ProposalsError, match=r"p\.yaml:3: proposals\[0\]\.concepts\.tid: must list at least one"
    ):
        parse_proposals(base + ", concepts: {tid: []}}\n", "p.yaml")
    with pytest.raises(ProposalsError, match=r"proposals\[0\]\.concepts: must be a mapping"):
        parse_proposals(base + ", concepts: [natt]}\n", "p.yaml")
