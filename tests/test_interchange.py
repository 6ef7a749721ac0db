"""brat and Label Studio: imports of files in the tools' own formats, and the brat round trip.

The files of ``tests/interchange/`` are written by hand in each tool's format (brat standoff,
Label Studio JSON export) around texts invented for these tests (each says so).
"""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st
from rdflib.compare import isomorphic

from kg_builder.annotations import annotation_files, load_corpus, load_document
from kg_builder.build import build_graph
from kg_builder.config import Config, load_config
from kg_builder.errors import InputError
from kg_builder.interchange.imports import export_brat, import_brat, import_label_studio
from kg_builder.interchange.mapping import load_mapping
from kg_builder.interchange.offsets import OffsetUnit, utf16_to_code_points
from kg_builder.model import Corpus, Reference
from kg_builder.outputs import write_outputs
from kg_builder.schema import Schema
from tests.test_cli import copy_project, run

CASES = Path(__file__).parent / "interchange"
BRAT = CASES / "brat"
LABEL_STUDIO = CASES / "label-studio"


def project_copy(target: Path, *, without_annotations: bool = False) -> Config:
    target.mkdir(parents=True, exist_ok=True)
    copy_project(target)
    if without_annotations:
        for path in (target / "data" / "annotations").glob("*.yaml"):
            path.unlink()
    return load_config(target)


def corpus_of(config: Config, schema: Schema) -> Corpus:
    return load_corpus(annotation_files(config.annotations_dir), config.sources_dir, schema)


def items_of(text: str) -> dict[str, dict[str, Any]]:
    """The items of an annotation file, by id."""
    return {item["id"]: item for item in yaml.safe_load(text)["items"]}


# ── brat round trip ──────────────────────────────────────────────────────────


def test_brat_round_trip_loses_nothing(
    tmp_path: Path, config: Config, schema: Schema, corpus: Corpus
) -> None:
    """Export the article's annotations to brat, import them into a project without them."""
    files = export_brat(config, schema=schema)
    assert set(files) == {"annotation.conf", "luzang-aid-2023.txt", "luzang-aid-2023.ann"}
    folder = tmp_path / "brat"
    write_outputs(folder, files)
    target = project_copy(tmp_path / "project", without_annotations=True)
    imported = import_brat(target, folder, schema=schema)
    write_outputs(target.root, imported.files)
    back = corpus_of(target, schema)
    (before,) = corpus.documents
    (after,) = back.documents
    assert sorted((i.id, i.type) for i in after.items) == sorted(
        (i.id, i.type) for i in before.items
    )
    imported_items = {item.id: item for item in after.items}
    for old in before.items:
        new = imported_items[old.id]
        assert [(q.span.start, q.span.end) for q in new.quotes] == [
            (q.span.start, q.span.end) for q in old.quotes
        ], old.id
        relations = [
            (s.prop.name, s.value) for s in old.statements if isinstance(s.value, Reference)
        ]
        assert [
            (s.prop.name, s.value) for s in new.statements if isinstance(s.value, Reference)
        ] == relations
    original = build_graph(corpus, schema, base=config.base).graph
    assert isomorphic(build_graph(back, schema, base=config.base).graph, original)


def test_brat_export_splits_spans_at_line_breaks(config: Config, schema: Schema) -> None:
    ann = export_brat(config, schema=schema)["luzang-aid-2023.ann"].decode("utf-8")
    text = export_brat(config, schema=schema)["luzang-aid-2023.txt"].decode("utf-8")
    for line in ann.splitlines():
        if line.startswith("T"):
            _, places, shown = line.split("\t")
            fragments = [tuple(map(int, f.split())) for f in places.split(" ", 1)[1].split(";")]
            assert all("\n" not in text[s:e] for s, e in fragments)
            assert shown == " ".join(text[s:e] for s, e in fragments)


# ── brat: a hand-written document ───────────────────────────────────────────


@pytest.fixture
def brat_import(tmp_path: Path, schema: Schema) -> tuple[Config, str]:
    target = project_copy(tmp_path)
    imported = import_brat(target, BRAT, schema=schema)
    write_outputs(target.root, imported.files)
    return target, (target.annotations_dir / "invented-brat.yaml").read_text("utf-8")


def test_brat_entities_relations_attributes_notes(brat_import: tuple[Config, str]) -> None:
    _, text = brat_import
    items = items_of(text)
    assert set(items) == {"team-1", "bainang", "jinan", "funding-flow-1", "enterprise-1"}
    # Three 白朗县 (one linked kg:bainang) and a 白朗 are one county, named as the graph names it.
    bainang = items["bainang"]
    assert [q["exact"] for q in bainang["quote"]] == ["白朗县", "白朗县", "白朗县", "白朗"]
    assert bainang["label"] == {"zh": "白朗县", "en": "Bainang County"}
    assert bainang["altLabel"] == {"zh": ["白朗"]}
    # Equiv T1 T7: the team and 工作组 are one item; relations mapped from Chinese labels.
    team = items["team-1"]
    assert team["altLabel"] == {"zh": ["工作组"]}
    assert (team["sentBy"], team["stationedIn"]) == ("jinan", "bainang")
    assert team["supported"] == "enterprise-1"
    assert "  # note on 扶持: 扶持方式文中未说\n  - id: team-1" in text
    # A discontinuous span over a line break is one passage; its amount is read from it.
    flow = items["funding-flow-1"]
    assert (flow["quote"], flow["amount"]) == ("投入援藏资金 300 万元", "300 万元")
    assert (flow["funder"], flow["recipient"]) == ("jinan", "bainang")
    assert flow["fundingCategory"] == "aid-funds"
    assert flow["projectCategory"] == "livelihood"  # an old-style M line
    assert "  # note on T6: 合作社名称待核实\n  - id: enterprise-1" in text
    assert items["enterprise-1"]["label"] == {"zh": "𠮷祥蔬菜合作社"}


def test_brat_import_loads_with_exact_offsets(
    brat_import: tuple[Config, str], schema: Schema
) -> None:
    target, _ = brat_import
    meta = target.sources_dir / "invented-brat.meta.yaml"
    meta.write_text(meta.read_text("utf-8").replace("suggested: ", "# was suggested: "), "utf-8")
    document, problems = load_document(
        target.annotations_dir / "invented-brat.yaml", target.sources_dir, schema
    )
    assert problems == []
    assert document is not None
    spans = {i.id: [(q.span.start, q.span.end) for q in i.quotes] for i in document.items}
    assert spans["enterprise-1"] == [(107, 114)]  # brat counts code points, as Python does
    assert spans["funding-flow-1"] == [(91, 106)]
    assert spans["bainang"] == [(76, 79), (88, 91), (122, 125), (130, 132)]


def edited(replace: Callable[[str], str]) -> Callable[[Path], None]:
    def edit(folder: Path) -> None:
        ann = folder / "invented-brat.ann"
        ann.write_text(replace(ann.read_text("utf-8")), encoding="utf-8")

    return edit


BRAT_PROBLEMS = [
    pytest.param(
        edited(lambda t: t.replace("T6\t企业", "T6\t合作社")),
        r"invented-brat.ann:6: T6: no class for the label `合作社`"
        r".*add `合作社: <Class>` under `entities:`",
        id="unmapped-label",
    ),
    pytest.param(
        edited(lambda t: t.replace("T3\t援助城市 84 87", "T3\t援助城市 85 88")),
        r"invented-brat.ann:3: T3: the text at 85 88 is '南市向', the line says '济南市'",
        id="text-does-not-fit",
    ),
    pytest.param(
        edited(lambda t: t + "E1\tEvent:T1 Agent:T3\n"),
        r"invented-brat.ann:21: E1: brat events have no counterpart",
        id="event",
    ),
    pytest.param(
        edited(lambda t: t.replace("R5\t扶持", "R5\t帮扶")),
        r"invented-brat.ann:14: no property for the relation label `帮扶`",
        id="unmapped-relation",
    ),
    pytest.param(
        edited(lambda t: t.replace("Arg2:T6", "Arg2:T60")),
        r"invented-brat.ann:14: relation `扶持` links T60, which is not a span",
        id="dangling-relation",
    ),
    pytest.param(
        edited(lambda t: t.replace("A1\t资金类别 T5 aid-funds", "A1\t资金类别 T5")),
        r"invented-brat.ann:5: T5: attribute `资金类别` has no value",
        id="attribute-without-value",
    ),
    pytest.param(
        lambda folder: (folder / "invented-brat.ann").unlink(),
        r"invented-brat.txt: has no invented-brat.ann beside it",
        id="missing-ann",
    ),
]


@pytest.mark.parametrize(("edit", "expected"), BRAT_PROBLEMS)
def test_brat_problems_name_file_and_line(
    tmp_path: Path, config: Config, schema: Schema, edit: Callable[[Path], None], expected: str
) -> None:
    folder = tmp_path / "brat"
    shutil.copytree(BRAT, folder)
    edit(folder)
    with pytest.raises(InputError) as caught:
        import_brat(config, folder, schema=schema, out=tmp_path / "out")
    assert re.search(expected, str(caught.value), re.DOTALL), str(caught.value)


# ── Label Studio ─────────────────────────────────────────────────────────────


def test_label_studio_code_points_and_utf16_exports_agree(
    tmp_path: Path, config: Config, schema: Schema
) -> None:
    """Old Label Studio counts UTF-16 code units, newer code points; 𠮷 and 🎉 shift them."""
    drafts = {}
    for name in ("code-points", "utf-16"):
        imported = import_label_studio(
            config, LABEL_STUDIO / f"{name}.json", schema=schema, out=tmp_path, name="invented-ls"
        )
        drafts[name] = imported.drafts[0].draft.items
    assert drafts["code-points"] == drafts["utf-16"]
    raw = json.loads((LABEL_STUDIO / "utf-16.json").read_text("utf-8"))
    region = raw[0]["annotations"][0]["result"][0]["value"]
    assert (region["start"], region["end"]) == (67, 73)  # 𠮷祥合作社 in UTF-16 code units
    items = {item.id: item for item in drafts["utf-16"]}
    assert items["enterprise-1"].quotes[0].exact == "𠮷祥合作社"
    assert items["hisense-ultrasound"].value("label") == {
        "zh": "海信超声",
        "en": "Hisense Ultrasound",
    }
    flow = items["funding-flow-1"]
    assert (flow.value("funder"), flow.value("recipient")) == ("qingdao", "enterprise-1")
    assert flow.value("fundingCategory") == "aid-funds"  # a per-region choice
    assert flow.value("amount") == "50 万元"
    assert items["enterprise-1"].value("locatedIn") == "samzhubze"
    assert items["hisense-ultrasound"].notes == ("note on r2: 对接医疗合作",)


def test_label_studio_without_saved_text_needs_the_offset_unit(
    tmp_path: Path, config: Config, schema: Schema
) -> None:
    export = LABEL_STUDIO / "utf-16-no-text.json"
    with pytest.raises(
        InputError, match=r"utf-16-no-text.json:14: task 7: span r1: offsets 67–73 read differently"
    ):
        import_label_studio(config, export, schema=schema, out=tmp_path, name="invented-ls")
    imported = import_label_studio(
        config, export, schema=schema, out=tmp_path, name="invented-ls", offsets=OffsetUnit.UTF16
    )
    reference = import_label_studio(
        config, LABEL_STUDIO / "code-points.json", schema=schema, out=tmp_path, name="invented-ls"
    )
    assert imported.drafts[0].draft.items == reference.drafts[0].draft.items


def test_label_studio_problems(tmp_path: Path, config: Config, schema: Schema) -> None:
    tasks = json.loads((LABEL_STUDIO / "code-points.json").read_text("utf-8"))
    task = tasks[0]
    second = json.loads(json.dumps(task["annotations"][0]))
    second["id"] = 22
    results = task["annotations"][0]["result"]
    results[5]["direction"] = "bi"
    results[0]["value"]["text"] = "别的文字"
    task2 = json.loads(json.dumps(task))
    task2["id"] = 8
    task2["annotations"].append(second)
    export = tmp_path / "export.json"
    export.write_text(json.dumps([task, task2], ensure_ascii=False, indent=1), encoding="utf-8")
    with pytest.raises(InputError) as caught:
        import_label_studio(config, export, schema=schema, out=tmp_path / "out")
    message = str(caught.value)
    assert "task 8: 2 annotations (21, 22); kg imports one per task" in message
    assert "task 7: a two-way relation has no subject (r5 – r4)" in message
    assert "span r1: offsets 66–71 do not give its text '别的文字'" in message


@given(st.text(alphabet=st.sampled_from("白朗县a 𠮷🎉\n"), max_size=30), st.data())
def test_utf16_offsets_map_to_code_points(text: str, data: st.DataObject) -> None:
    index = data.draw(st.integers(min_value=0, max_value=len(text)))
    units = len(text[:index].encode("utf-16-le")) // 2
    assert utf16_to_code_points(text, units) == index


def test_a_mapping_names_unknown_terms(tmp_path: Path, schema: Schema) -> None:
    path = tmp_path / "mapping.yaml"
    path.write_text(
        "entities:\n  县: Countie\nrelations:\n  派出: batch\nlabels: {}\n", encoding="utf-8"
    )
    with pytest.raises(InputError) as caught:
        load_mapping(path, schema)
    message = str(caught.value)
    assert f"{path}:2: `县: Countie`: `Countie` is not a class of the ontology" in message
    assert "did you mean `County`?" in message
    assert f"{path}:4: `派出: batch`: `batch` is not a reference property" in message
    assert f"{path}:5: unknown table `labels`" in message
    assert load_mapping(None, schema).entities["County"] == "County"


# ── the commands ─────────────────────────────────────────────────────────────


def test_kg_export_brat_and_import_brat(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "project").root
    code, _, err = run("--project", str(project), "export-brat", str(tmp_path / "brat"))
    assert code == 0, err
    assert (tmp_path / "brat" / "luzang-aid-2023.ann").is_file()
    code, _, err = run("--project", str(project), "import", "brat", str(tmp_path / "brat"))
    assert code == 2
    assert "luzang-aid-2023.yaml: already exists; nothing was written" in err
    code, _, err = run("--project", str(project), "import", "brat", str(BRAT))
    assert code == 0, err
    assert "1 document, 5 items" in err
    assert (project / "data" / "sources" / "invented-brat.meta.yaml").is_file()


def test_kg_import_label_studio(tmp_path: Path) -> None:
    project = project_copy(tmp_path / "project").root
    export = str(LABEL_STUDIO / "utf-16.json")
    code, _, err = run(
        "--project", str(project), "import", "label-studio", export, "--name", "invented-ls"
    )
    assert code == 0, err
    source = (project / "data" / "sources" / "invented-ls.txt").read_text("utf-8")
    assert source.startswith("（本文为测试虚构")
    assert "id: hisense-ultrasound" in (
        project / "data" / "annotations" / "invented-ls.yaml"
    ).read_text("utf-8")
